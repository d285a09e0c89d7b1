#include "twilio/source.h"

#include <algorithm>
#include <vector>

#include "http/fetch.h"
#include "twilio/normalize.h"

namespace dp::twilio {
namespace {

using std::chrono::days;
using std::chrono::floor;

struct Seen {
  std::string sid;
  Time start;
};

}  // namespace

TwilioSource::TwilioSource(std::string name, Settings settings,
                           std::unique_ptr<http::Client> client, http::Client::Clock now)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      client_(std::move(client)),
      now_(now ? std::move(now)
               : http::Client::Clock([] { return std::chrono::system_clock::now(); })) {}

http::Request TwilioSource::request(const std::string& url) const {
  return {"GET",
          url,
          {{"Authorization", http::basic_auth(settings_.account_sid, settings_.auth_token)},
           {"Accept", "application/json"}},
          {}};
}

std::string TwilioSource::calls_url() const {
  return http::join_url(
      settings_.base_url,
      "/2010-04-01/Accounts/" + http::url_encode(settings_.account_sid) + "/Calls.json");
}

Result<void> TwilioSource::health_check() {
  auto doc =
      http::fetch_json(*client_, request(http::with_query(calls_url(), {{"PageSize", "1"}})));
  if (!doc) return doc.error();
  return {};
}

Result<Batch> TwilioSource::poll(const std::string& cursor_text) {
  Time now = std::chrono::time_point_cast<Seconds>(now_());
  Cursor cursor;
  if (cursor_text.empty()) {
    cursor.watermark = settings_.since.value_or(floor<days>(now) - days(30));
  } else if (auto c = parse_cursor(cursor_text)) {
    cursor = std::move(*c);
  } else {
    return make_error("bad twilio cursor '" + cursor_text + "'");
  }

  // Old days one at a time keeps a first import's memory bounded; recent ones are
  // read to now, as calls there may still be going on.
  auto day = floor<days>(cursor.watermark);
  bool catching_up = day + days(2) <= floor<days>(now);
  std::vector<std::pair<std::string, std::string>> params = {
      {"PageSize", std::to_string(settings_.page_size)}, {"StartTime>=", format_date(day)}};
  if (catching_up) params.emplace_back("StartTime<", format_date(day + days(1)));

  // Read every page first: the list is newest first, so the cursor can only be
  // decided once the whole stretch is known.
  std::vector<json::Document> pages;
  std::string url = http::with_query(calls_url(), params);
  for (int n = 0;; ++n) {
    if (n == settings_.max_pages)
      return make_error("twilio: more than " + std::to_string(settings_.max_pages) +
                        " pages from " + format_date(day) + "; raise page_size or max_pages");
    auto doc = http::fetch_json(*client_, request(url));
    if (!doc) return doc.error();
    const auto* calls = json::member(*doc, "calls");
    if (!calls || !calls->IsArray())
      return make_error("twilio Calls.json: response has no calls list");
    auto next = json::get_string(*doc, "next_page_uri");
    pages.push_back(std::move(*doc));
    if (!next || next->empty()) break;
    url = http::join_url(settings_.base_url, *next);
  }

  Batch batch;
  std::vector<Seen> done;    // final calls in this stretch, stored now or before
  std::optional<Time> open;  // earliest start of a call still going on
  for (const auto& page : pages) {
    for (const auto& item : json::member(page, "calls")->GetArray()) {
      std::string sid = json::get_string(item, "sid").value_or("");
      std::string where = "twilio call " + (sid.empty() ? std::string("?") : sid);
      auto start = started_at(item);
      if (sid.empty() || !start) {
        batch.rejected.push_back({where, sid.empty() ? "sid" : "start_time", "missing"});
        continue;
      }
      if (*start < cursor.watermark) continue;  // stored by an earlier poll
      if (cursor.seen.count(sid)) {
        done.push_back({sid, *start});
        continue;
      }
      std::string status = json::get_string(item, "status").value_or("");
      if (!is_final(status) && !status.empty()) {
        if (now - *start <= settings_.max_call_age) {
          open = open ? std::min(*open, *start) : *start;
          continue;
        }
        batch.rejected.push_back(
            {where, "status", "still " + status + " long after it started; skipped"});
      } else if (auto call = normalize(item, settings_.queue); !call) {
        batch.rejected.push_back({where, call.error().where, call.error().message});
      } else if (*call) {
        batch.records.calls.push_back(std::move(**call));
      }
      done.push_back({sid, *start});
    }
  }

  // Advance to the earliest call still going on, else past the stretch read (a past
  // day) or to the latest start seen; never backwards.
  Time next = cursor.watermark;
  if (open) {
    next = *open;
  } else if (catching_up) {
    next = day + days(1);
  } else {
    for (const auto& s : done) next = std::max(next, s.start);
  }
  next = std::max(next, cursor.watermark);
  Cursor out{next, {}};
  for (const auto& s : done)
    if (s.start >= next) out.seen.insert(s.sid);
  batch.cursor = format_cursor(out);
  batch.more = catching_up && !open;
  return batch;
}

}  // namespace dp::twilio
