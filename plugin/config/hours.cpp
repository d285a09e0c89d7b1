#include "config/hours.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace dp::config {
namespace {

std::string trimmed(const std::string& s) {
  auto b = s.find_first_not_of(" \t");
  auto e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

}  // namespace

std::optional<int> parse_clock(const std::string& text, bool allow_24) {
  std::string s = trimmed(text);
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0');
  int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_24))) return std::nullopt;
  return h * 60 + m;
}

std::string format_clock(int minutes) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60, minutes % 60);
  return buf;
}

Result<std::vector<kpi::DayHours>> parse_day_hours(const std::string& text) {
  std::string all = trimmed(text);
  if (all == "closed") return std::vector<kpi::DayHours>{};
  if (all == "24h") return std::vector<kpi::DayHours>{{0, 24 * 60}};
  std::vector<kpi::DayHours> out;
  std::stringstream in(all);
  for (std::string part; std::getline(in, part, ',');) {
    auto dash = part.find('-');
    auto start =
        dash == std::string::npos ? std::nullopt : parse_clock(part.substr(0, dash), false);
    auto end = dash == std::string::npos ? std::nullopt : parse_clock(part.substr(dash + 1), true);
    if (!start || !end)
      return make_error("'" + trimmed(part) +
                        "' is not an interval HH:MM-HH:MM (or use \"24h\" or \"closed\")");
    if (*end <= *start) return make_error("interval '" + trimmed(part) + "' ends before it starts");
    out.push_back({*start, *end});
  }
  if (out.empty()) return make_error("no hours given (use \"closed\" for a closed day)");
  std::sort(out.begin(), out.end(), [](const kpi::DayHours& a, const kpi::DayHours& b) {
    return a.start_min < b.start_min;
  });
  for (std::size_t i = 1; i < out.size(); ++i)
    if (out[i].start_min < out[i - 1].end_min)
      return make_error("intervals " + format_clock(out[i - 1].start_min) + "-" +
                        format_clock(out[i - 1].end_min) + " and " +
                        format_clock(out[i].start_min) + "-" + format_clock(out[i].end_min) +
                        " overlap");
  return out;
}

}  // namespace dp::config
