#include "rt/source.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "rt/encode.h"
#include "rt/fields.h"

namespace dp::rt {
namespace {

constexpr int kMaxPages = 10000;   // bounds every paging loop; far above real sizes
constexpr int kMaxSkipPages = 50;  // invisible transactions stepped over in one poll

}  // namespace

std::optional<int64_t> parse_cursor(const std::string& cursor) {
  if (cursor.empty()) return 0;
  if (!cursor.starts_with("txn:")) return std::nullopt;
  int64_t n = 0;
  const char* b = cursor.data() + 4;
  const char* e = cursor.data() + cursor.size();
  auto [end, ec] = std::from_chars(b, e, n);
  if (b == e || ec != std::errc() || end != e || n < 0) return std::nullopt;
  return n;
}

std::string make_cursor(int64_t txn_id) {
  return "txn:" + std::to_string(txn_id);
}

RtSource::RtSource(std::unique_ptr<RtApi> api) : api_(std::move(api)) {}

Result<void> RtSource::health_check() {
  return check_access(*api_);
}

Result<std::vector<RtTicket>> RtSource::fetch_tickets(std::vector<int64_t> ids) {
  std::vector<RtTicket> out;
  std::set<int64_t> seen;  // a survivor of a merge answers for several ids
  for (size_t at = 0; at < ids.size(); at += 100) {
    std::vector<int64_t> chunk(ids.begin() + at, ids.begin() + std::min(ids.size(), at + 100));
    for (int p = 1; p <= kMaxPages; ++p) {
      auto r = api_->send_ok(tickets_request(api_->options(), chunk, p));
      if (!r) return r.error();
      auto page = parse_tickets(r->body);
      if (!page) return page.error();
      for (auto& t : page->items)
        if (seen.insert(t.id).second) out.push_back(std::move(t));
      if (!page->next_page || page->items.empty()) break;
    }
  }
  return out;
}

// RT answers a search or GET for a merged ticket with the ticket it was merged into;
// the merge transaction may be on another page, so ask RT which ticket that is.
Result<void> RtSource::resolve_merged(const std::vector<int64_t>& missing,
                                      std::vector<RtTicket>& tickets) {
  std::vector<int64_t> survivors;
  for (auto id : missing) {
    if (dir_.merged_into.count(id)) continue;
    auto r = api_->send(ticket_request(api_->options(), id));
    if (!r) return r.error();
    if (r->status != 200) continue;  // gone or not visible: normalize() reports it
    auto doc = json::parse(r->body);
    if (!doc || !doc->IsObject()) continue;
    int64_t survivor = id_of(*doc, "id");
    if (survivor > 0 && survivor != id) dir_.merged_into[id] = survivor;
  }
  for (auto id : missing) {
    auto it = dir_.merged_into.find(id);
    if (it == dir_.merged_into.end()) continue;
    bool have = std::any_of(tickets.begin(), tickets.end(),
                            [&](const RtTicket& t) { return t.id == it->second; });
    if (!have) survivors.push_back(it->second);
  }
  if (survivors.empty()) return {};
  auto more = fetch_tickets(survivors);
  if (!more) return more.error();
  for (auto& t : *more) tickets.push_back(std::move(t));
  return {};
}

Result<void> RtSource::look_up(int64_t user) {
  if (user <= 0 || !looked_up_.insert(user).second) return {};
  auto r = api_->send_ok(user_request(api_->options(), std::to_string(user)));
  if (!r) return r.error();
  auto doc = json::parse(r->body);
  if (!doc) return doc.error();
  dir_.names[user] = json::get_string(*doc, "Name").value_or(std::to_string(user));
  // RealName is in RT's user summary (UserSummaryExtraInfo), so no AdminUsers needed.
  if (auto real = json::get_string(*doc, "RealName"); real && !real->empty())
    dir_.real_names[user] = *real;
  if (json::get_int(*doc, "Privileged").value_or(0) == 1) dir_.privileged.insert(user);
  return {};
}

// Who is staff decides agent_reply vs customer_reply; owner changes carry user ids.
// A requestor acting on their own ticket is the customer and needs no lookup.
Result<void> RtSource::learn_users(const std::vector<RtTransaction>& txns,
                                   const std::vector<RtTicket>& tickets) {
  std::map<int64_t, const RtTicket*> by_id;
  for (const auto& t : tickets) {
    by_id[t.id] = &t;
    if (auto r = look_up(t.owner.id); !r) return r;
  }
  for (const auto& x : txns) {
    if (x.type == "Set" && x.field == "Owner")
      for (const auto* v : {&x.old_value, &x.new_value}) {
        int64_t id = 0;
        std::from_chars(v->data(), v->data() + v->size(), id);
        if (auto r = look_up(id); !r) return r;
      }
    if (x.type != "Correspond" && x.type != "Comment" && x.type != "Set" && x.type != "Status")
      continue;
    auto t = by_id.find(x.ticket);
    bool requestor =
        t != by_id.end() && std::any_of(t->second->requestors.begin(), t->second->requestors.end(),
                                        [&](const UserRef& r) { return r.id == x.creator.id; });
    if (!requestor)
      if (auto r = look_up(x.creator.id); !r) return r;
  }
  return {};
}

Result<Page<RtTransaction>> RtSource::next_transactions(int64_t after, bool& at_end) {
  at_end = false;
  for (int page = 1; page <= kMaxSkipPages; ++page) {
    auto r = api_->send_ok(transactions_request(api_->options(), after, page));
    if (!r) return r.error();
    auto txns = parse_transactions(r->body);
    if (!txns || !txns->items.empty()) return txns;
    if (page == 1) {
      auto last = api_->send_ok(last_transaction_request(api_->options()));
      if (!last) return last.error();
      auto newest = parse_transactions(last->body);
      if (!newest) return newest.error();
      if (newest->items.empty() || newest->items.front().id <= after) {
        at_end = true;
        return txns;
      }
    }
  }
  return make_error("more than " + std::to_string(kMaxSkipPages * api_->options().page_size) +
                    " transactions after " + std::to_string(after) +
                    " are invisible to deskpulse's RT user: grant it ShowTicket, "
                    "ShowTicketComments and SeeCustomField globally");
}

Result<std::vector<std::string>> RtSource::unreadable() {
  constexpr auto kRecheck = std::chrono::minutes(10);
  auto now = std::chrono::steady_clock::now();
  if (checked_ && now - *checked_ < kRecheck) return unreadable_;
  auto seen = visibility(*api_);
  if (!seen) return seen.error();
  unreadable_ = unreadable_fields(api_->options(), *seen);
  checked_ = now;
  return unreadable_;
}

Result<std::string> RtSource::cursor_since(std::optional<Time> since) {
  if (!since) return std::string();
  auto r = api_->send_ok(transactions_since_request(api_->options(), *since));
  if (!r) return r.error();
  auto page = parse_transactions(r->body);
  if (!page) return page.error();
  if (page->items.empty()) return make_error("no ticket transaction in RT at or after that date");
  return make_cursor(std::max<int64_t>(0, page->items.front().id - 1));
}

Result<Batch> RtSource::poll(const std::string& cursor) {
  auto after = parse_cursor(cursor);
  if (!after) return make_error("bad rt cursor '" + cursor + "' (expected txn:<id>)");

  Batch batch;
  if (!in_sync_) {  // the first poll of a sync
    auto gaps = unreadable();
    if (gaps)
      batch.warnings = *gaps;
    else  // not knowing is said too, but does not stop the sync
      batch.warnings.push_back("cannot check which fields deskpulse's RT user sees: " +
                               gaps.error().str());
  }
  in_sync_ = false;
  bool at_end = false;
  auto txns = next_transactions(*after, at_end);
  if (!txns) return txns.error();

  batch.rejected = std::move(txns->rejected);
  int64_t last = *after;
  std::set<int64_t> ids;
  // deskpulse's own field writes are not ticket activity (ARCHITECTURE.md): they are
  // stepped over here, so a ticket they alone touched is not fetched and stored again.
  const std::string me = own_user(api_->options());
  std::vector<RtTransaction> activity;
  for (auto& x : txns->items) {
    last = std::max(last, x.id);
    if (!me.empty() && x.type == "CustomField" && x.creator.name == me) {
      ++own_writes_;
      continue;
    }
    ids.insert(x.ticket);
    if (auto into = merge_target(x)) dir_.merged_into[x.ticket] = *into;
    activity.push_back(std::move(x));
  }
  if (at_end) {
    batch.cursor = cursor.empty() ? make_cursor(0) : cursor;
    return batch;
  }
  auto tickets = fetch_tickets({ids.begin(), ids.end()});
  if (!tickets) return tickets.error();
  std::vector<int64_t> missing;
  for (auto id : ids)
    if (std::none_of(tickets->begin(), tickets->end(), [&](auto& t) { return t.id == id; }))
      missing.push_back(id);
  if (auto m = resolve_merged(missing, *tickets); !m) return m.error();
  if (auto n = learn_users(activity, *tickets); !n) return n.error();

  auto out = normalize(api_->options(), *tickets, activity, dir_);
  own_writes_ += out.own_writes;
  batch.records = std::move(out.records);
  for (auto& j : out.rejected) batch.rejected.push_back(std::move(j));
  batch.cursor = make_cursor(last);
  batch.more = in_sync_ = true;  // only an empty page, checked against the newest id, ends it
  return batch;
}

Result<std::unique_ptr<Source>> make_rt_source(const config::Block& block) {
  auto o = rt_options_from(block);
  if (!o) return o.error();
  return std::unique_ptr<Source>(std::make_unique<RtSource>(make_api(*o)));
}

}  // namespace dp::rt
