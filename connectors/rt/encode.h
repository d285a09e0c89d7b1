// Requests to RT's REST2 API, built without I/O so that tests check them directly.
// The Authorization header is added by RtApi, not here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "connector/sink.h"
#include "http/client.h"
#include "rt/options.h"

namespace dp::rt {

std::string rest_url(const RtOptions& o, std::string_view path);  // {url}/REST/2.0/{path}

// Ticket transactions with id > after_id, oldest first, one page (keyset paging: the
// next page starts after the last id seen, so transactions added during a scan land
// on a later page instead of shifting this one).
// `page` > 1 only to step over a run of transactions deskpulse may not see (RT drops
// them from a page after the LIMIT, so a page can come back empty before the end).
http::Request transactions_request(const RtOptions& o, int64_t after_id, int page = 1);
// The first ticket transaction created at or after `since` (where a resync starts).
http::Request transactions_since_request(const RtOptions& o, Time since);
// The newest ticket transaction visible to deskpulse: where the end is.
http::Request last_transaction_request(const RtOptions& o);
// The tickets with these ids, with the columns normalize() reads inline.
http::Request tickets_request(const RtOptions& o, const std::vector<int64_t>& ids, int page = 1);
http::Request privileged_group_request(const RtOptions& o);
http::Request group_members_request(const RtOptions& o, int64_t group, int page);
http::Request user_request(const RtOptions& o, const std::string& id_or_name);
http::Request ticket_request(const RtOptions& o, int64_t id);
// A user's custom field values: GET /user/NAME shows them only to AdminUsers, this
// search (POST /users, Name = NAME, fields=CustomFields) to whoever may see the fields.
http::Request user_fields_request(const RtOptions& o, const std::string& name);

// Sink operations: every value of one ticket or user in one PUT ("" clears a field).
// Errors only for ids that are not RT ticket numbers.
Result<http::Request> encode_ticket_fields(const RtOptions& o, const std::string& ticket,
                                           const std::vector<FieldValue>& values);
http::Request encode_user_fields(const RtOptions& o, const std::string& agent,
                                 const std::vector<FieldValue>& values);
http::Request encode_report(const RtOptions& o, const ReportPost& r);
// The report tickets in the reports queue with exactly this subject (a report's
// identity: cadence, team and period), oldest first. Before posting, and so after a
// crash, a timeout or a lost state, the sink looks here for the report it may have made.
http::Request report_search_request(const RtOptions& o, const std::string& subject);
// A TicketSQL string literal: 'text' with ' and \ escaped.
std::string ticketsql_quote(std::string_view text);

std::string base64(std::string_view bytes);

}  // namespace dp::rt
