// RtSource: incremental sync of RT tickets and their transactions.
//
// Cursor "txn:<id>" = the last ticket transaction seen. Each poll reads the next page
// of transactions after it (POST /transactions, oldest first), then the tickets those
// transactions touch in one search (GET /tickets?query=id = .. OR ..&fields=..). Every
// ticket change in RT writes a transaction, so nothing changed is missed, and events
// keyed by transaction id make re-reads idempotent. Requests per page of up to 100
// transactions: 2, plus one lookup per user not seen before who acts on a ticket they
// did not request (agents, Cc's) or owns one: cached for the life of the source, so
// they are bounded by the staff count, not by tickets. (Listing RT's Privileged group
// would need AdminGroupMembership; GET /user/N shows Privileged with AdminUsers.)
//
// The end of the data is an empty page confirmed by the newest visible transaction id:
// for a user who is not SuperUser RT 5.0.3 sends neither total nor next_page, and it
// drops transactions the user may not see from a page after the LIMIT, so a short or
// empty page does not mean the end. A sync therefore ends with one empty page and one
// probe (2 requests); a run of invisible transactions is stepped over by page number.
//
// Fields it reads but may not see (csat, nps, topic, channel per queue; rt/fields.h)
// are a warning in the first batch of every sync. After a right is granted,
// cursor_since() lets `sync --resync` read the history again.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/keys.h"
#include "connector/source.h"
#include "rt/api.h"
#include "rt/normalize.h"

namespace dp::rt {

class RtSource : public Source {
 public:
  explicit RtSource(std::unique_ptr<RtApi> api);
  std::string name() const override { return api_->options().name; }
  Result<void> health_check() override;
  Result<Batch> poll(const std::string& cursor) override;

  Result<std::string> cursor_since(std::optional<Time> since) override;
  HttpCounts http_counts() const override { return api_->http_counts(); }
  size_t own_writes_skipped() const { return own_writes_; }

 private:
  Result<std::vector<RtTicket>> fetch_tickets(std::vector<int64_t> ids);
  Result<void> resolve_merged(const std::vector<int64_t>& missing, std::vector<RtTicket>& tickets);
  Result<void> learn_users(const std::vector<RtTransaction>& txns,
                           const std::vector<RtTicket>& tickets);
  Result<void> look_up(int64_t user);
  Result<Page<RtTransaction>> next_transactions(int64_t after, bool& at_end);

  // The read fields deskpulse cannot see, checked at most every kRecheck (a sync
  // repeats the warning each time, a few requests per queue at most every 10 minutes).
  Result<std::vector<std::string>> unreadable();

  std::unique_ptr<RtApi> api_;
  Directory dir_;
  bool in_sync_ = false;  // the last poll said `more`: this poll continues a sync
  std::optional<std::chrono::steady_clock::time_point> checked_;
  std::vector<std::string> unreadable_;
  std::set<int64_t> looked_up_;
  size_t own_writes_ = 0;
};

// "" -> 0, "txn:123" -> 123; nullopt when malformed.
std::optional<int64_t> parse_cursor(const std::string& cursor);
std::string make_cursor(int64_t txn_id);

Result<std::unique_ptr<Source>> make_rt_source(const config::Block& block);

}  // namespace dp::rt
