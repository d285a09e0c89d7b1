#include "rt/encode.h"

#include "model/json.h"
#include "rt/normalize.h"
#include "rt/report_body.h"

namespace dp::rt {
namespace {

http::Request json_request(std::string method, std::string url, std::string body) {
  http::Request r;
  r.method = std::move(method);
  r.url = std::move(url);
  r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
  r.body = std::move(body);
  return r;
}

// REST2 searches are POSTs that change nothing: the client may repeat them.
http::Request search_request(std::string url, std::string body) {
  http::Request r = json_request("POST", std::move(url), std::move(body));
  r.safe_to_repeat = true;
  return r;
}

http::Request get(std::string url) {
  http::Request r;
  r.url = std::move(url);
  r.headers = {{"Accept", "application/json"}};
  return r;
}

std::string custom_fields_body(const std::vector<FieldValue>& values) {
  json::Writer w;
  w.obj_begin();
  w.key("CustomFields");
  w.obj_begin();
  for (const auto& v : values) {
    // null clears a field (REST2 deletes the value); "" would store an empty value.
    w.key(v.field);
    if (v.value.empty())
      w.null();
    else
      w.value(v.value);
  }
  w.obj_end();
  w.obj_end();
  return w.str();
}

}  // namespace

std::string rest_url(const RtOptions& o, std::string_view path) {
  return http::join_url(o.url + "/REST/2.0", path);
}

// The JSON search body for ticket transactions whose `field` compares to `value`.
template <class V>
std::string ticket_transactions_where(const char* field, const char* op, const V& value) {
  json::Writer q;
  q.arr_begin();
  q.obj_begin();
  q.field("field", "ObjectType");
  q.field("value", "RT::Ticket");
  q.obj_end();
  q.obj_begin();
  q.field("field", field);
  q.field("operator", op);
  q.field("value", value);
  q.obj_end();
  q.arr_end();
  return q.str();
}

http::Request transactions_request(const RtOptions& o, int64_t after_id, int page) {
  return search_request(
      http::with_query(
          rest_url(o, "transactions"),
          {{"fields", "ObjectId,Type,Field,OldValue,NewValue,Creator,Created,TimeTaken"},
           {"fields[Creator]", "id,Name,EmailAddress"},
           {"orderby", "id"},
           {"order", "ASC"},
           {"per_page", std::to_string(o.page_size)},
           {"page", std::to_string(page)}}),
      ticket_transactions_where("id", ">", after_id));
}

http::Request transactions_since_request(const RtOptions& o, Time since) {
  // RT compares Created as stored: UTC, "YYYY-MM-DD HH:MM:SS".
  std::string when = format_rfc3339(since);
  when[10] = ' ';
  if (when.back() == 'Z') when.pop_back();
  return search_request(http::with_query(rest_url(o, "transactions"),
                                         {{"orderby", "id"}, {"order", "ASC"}, {"per_page", "1"}}),
                        ticket_transactions_where("Created", ">=", when));
}

http::Request last_transaction_request(const RtOptions& o) {
  return search_request(http::with_query(rest_url(o, "transactions"),
                                         {{"orderby", "id"}, {"order", "DESC"}, {"per_page", "1"}}),
                        R"([{"field":"ObjectType","value":"RT::Ticket"}])");
}

http::Request tickets_request(const RtOptions& o, const std::vector<int64_t>& ids, int page) {
  std::string query;
  for (auto id : ids) query += (query.empty() ? "id = " : " OR id = ") + std::to_string(id);
  return get(http::with_query(
      rest_url(o, "tickets"),
      {{"query", query},
       {"fields", "Queue,Subject,Status,Owner,Requestor,Created,LastUpdated,Priority,CustomFields"},
       {"fields[Queue]", "Name"},
       {"fields[Owner]", "id,Name,EmailAddress"},
       {"fields[Requestor]", "id,Name,EmailAddress"},
       {"per_page", "100"},
       {"page", std::to_string(page)}}));
}

http::Request privileged_group_request(const RtOptions& o) {
  return search_request(rest_url(o, "groups"), R"([{"field":"Name","value":"Privileged"},)"
                                               R"({"field":"Domain","value":"SystemInternal"}])");
}

http::Request group_members_request(const RtOptions& o, int64_t group, int page) {
  return get(http::with_query(rest_url(o, "group/" + std::to_string(group) + "/members"),
                              {{"per_page", "100"}, {"page", std::to_string(page)}}));
}

http::Request user_request(const RtOptions& o, const std::string& id_or_name) {
  return get(rest_url(o, "user/" + http::url_encode(id_or_name)));
}

http::Request user_fields_request(const RtOptions& o, const std::string& name) {
  json::Writer q;
  q.arr_begin();
  q.obj_begin();
  q.field("field", "Name");
  q.field("value", name);
  q.obj_end();
  q.arr_end();
  return search_request(http::with_query(rest_url(o, "users"), {{"fields", "Name,CustomFields"}}),
                        q.str());
}

http::Request ticket_request(const RtOptions& o, int64_t id) {
  return get(rest_url(o, "ticket/" + std::to_string(id)));
}

Result<http::Request> encode_ticket_fields(const RtOptions& o, const std::string& ticket,
                                           const std::vector<FieldValue>& values) {
  auto n = rt_ticket_number(ticket);
  if (!n) return make_error("not an RT ticket id: '" + ticket + "'");
  return json_request("PUT", rest_url(o, "ticket/" + std::to_string(*n)),
                      custom_fields_body(values));
}

http::Request encode_user_fields(const RtOptions& o, const std::string& agent,
                                 const std::vector<FieldValue>& values) {
  return json_request("PUT", rest_url(o, "user/" + http::url_encode(agent)),
                      custom_fields_body(values));
}

// REST2's JSON attachment form (verified on 5.0.3): FileName, FileType and the bytes
// in base64 as FileContent; the body goes in Content with its ContentType. What goes
// where so that RT shows the whole report with its charts: report_body.h.
http::Request encode_report(const RtOptions& o, const ReportPost& r) {
  const RtReport post = report_for_rt(r);
  json::Writer w;
  w.obj_begin();
  w.field("Queue", o.reports_queue);
  w.field("Subject", r.subject);
  w.field("ContentType", post.content_type);
  w.field("Content", post.content);
  if (!post.attachments.empty()) {
    w.key("Attachments");
    w.arr_begin();
    for (const auto& a : post.attachments) {
      w.obj_begin();
      w.field("FileName", a.filename);
      w.field("FileType", a.content_type);
      w.field("FileContent", base64(a.bytes));
      w.obj_end();
    }
    w.arr_end();
  }
  w.obj_end();
  return json_request("POST", rest_url(o, "ticket"), w.str());
}

std::string ticketsql_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

http::Request report_search_request(const RtOptions& o, const std::string& subject) {
  return get(http::with_query(rest_url(o, "tickets"),
                              {{"query", "Queue = " + ticketsql_quote(o.reports_queue) +
                                             " AND Subject = " + ticketsql_quote(subject)},
                               {"fields", "Subject"},
                               {"orderby", "id"},
                               {"order", "ASC"},
                               {"per_page", "10"}}));
}

std::string base64(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = uint8_t(in[i]) << 16 | uint8_t(in[i + 1]) << 8 | uint8_t(in[i + 2]);
    for (int s : {18, 12, 6, 0}) out += kAlphabet[(n >> s) & 63];
  }
  if (i < in.size()) {
    uint32_t n = uint8_t(in[i]) << 16 | (i + 1 < in.size() ? uint8_t(in[i + 1]) << 8 : 0);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < in.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace dp::rt
