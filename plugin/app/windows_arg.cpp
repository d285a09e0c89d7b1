#include "app/windows_arg.h"

#include <algorithm>

#include "kpi/windows.h"

namespace dp::app {

std::optional<std::pair<Time, Time>> data_span(const Records& data) {
  std::optional<std::pair<Time, Time>> span;
  auto see = [&](Time t) {
    if (!span)
      span = {t, t};
    else
      span = {std::min(span->first, t), std::max(span->second, t)};
  };
  for (const auto& t : data.tickets) see(t.created_at);
  for (const auto& e : data.events) see(e.at);
  for (const auto& c : data.calls) see(c.offered_at);
  for (const auto& s : data.surveys) see(s.at);
  return span;
}

Result<std::vector<kpi::Window>> windows_from_args(const std::string& window,
                                                   const std::string& from, const std::string& to,
                                                   const std::string& bucket,
                                                   const std::string& zone, const Records& data) {
  kpi::Bucket b = bucket == "day"     ? kpi::Bucket::day
                  : bucket == "week"  ? kpi::Bucket::week
                  : bucket == "month" ? kpi::Bucket::month
                                      : kpi::Bucket::none;
  if (!window.empty()) {
    if (!from.empty() || !to.empty()) return make_error("give either --window or --from/--to");
    std::string period = window;
    for (const char* prefix : {"week:", "month:", "day:"}) {
      std::string p = prefix;
      if (period.rfind(p, 0) == 0) period = period.substr(p.size());
    }
    auto w = kpi::parse_period(period, zone);
    if (!w) return make_error(w.error().str(), "--window");
    return std::vector<kpi::Window>{*w};
  }
  std::string f = from, t = to;
  if (f.empty() || t.empty()) {
    auto span = data_span(data);
    if (!span) return make_error("no records in the state, and no --window or --from/--to");
    auto lf = utc_to_local(span->first, zone);
    auto lt = utc_to_local(span->second, zone);
    if (!lf || !lt) return make_error("unknown time zone '" + zone + "'");
    using namespace std::chrono;
    if (f.empty()) f = format_date(sys_days{floor<days>(lf->time_since_epoch())});
    const sys_days last{floor<days>(lt->time_since_epoch())};
    // The day after the last record is the window's end; past 9999-12-31 there is no
    // date to name it, and records on that day would be left out without a word.
    if (t.empty() && last >= sys_days{year{9999} / December / 31})
      return make_error("records reach 9999-12-31, the last day deskpulse can name: give --to");
    if (t.empty()) t = format_date(last + days{1});
  }
  auto ws = kpi::make_windows(f, t, b, zone);
  if (!ws) return make_error(ws.error().str(), "--from/--to");
  return std::move(*ws);
}

}  // namespace dp::app
