// HTTP and RFC 2822 dates: Retry-After headers and APIs that still speak RFC 2822
// (Twilio's start_time/end_time).
#include <array>
#include <charconv>

#include "http/client.h"

namespace dp::http {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::optional<int> number(std::string_view s, size_t min_len, size_t max_len) {
  int v = 0;
  if (s.size() < min_len || s.size() > max_len) return std::nullopt;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<unsigned> month(std::string_view s) {
  static constexpr std::array<std::string_view, 12> names = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  for (unsigned i = 0; i < names.size(); ++i)
    if (s == names[i]) return i + 1;
  return std::nullopt;
}

// "GMT", "UT", "UTC", "Z" or "+hhmm"/"-hhmm"; the offset to subtract to get UTC.
std::optional<Seconds> zone_offset(std::string_view z) {
  if (z == "GMT" || z == "UT" || z == "UTC" || z == "Z") return Seconds{0};
  if (z.size() != 5 || (z[0] != '+' && z[0] != '-')) return std::nullopt;
  auto hh = number(z.substr(1, 2), 2, 2);
  auto mm = number(z.substr(3, 2), 2, 2);
  if (!hh || !mm || *hh > 23 || *mm > 59) return std::nullopt;
  Seconds off = std::chrono::hours{*hh} + std::chrono::minutes{*mm};
  return z[0] == '+' ? off : -off;
}

}  // namespace

std::optional<Time> parse_http_date(std::string_view value) {
  value = trim(value);
  if (auto comma = value.find(','); comma != std::string_view::npos)
    value = trim(value.substr(comma + 1));  // the weekday adds nothing
  std::array<std::string_view, 5> part;
  for (auto& p : part) {
    value = trim(value);
    size_t sp = value.find(' ');
    p = value.substr(0, sp);
    value = sp == std::string_view::npos ? std::string_view() : value.substr(sp);
  }
  if (!trim(value).empty()) return std::nullopt;

  auto d = number(part[0], 1, 2);
  auto m = month(part[1]);
  auto y = number(part[2], 4, 4);
  auto off = zone_offset(part[4]);
  std::string_view hms = part[3];
  if (!d || !m || !y || !off || hms.size() != 8 || hms[2] != ':' || hms[5] != ':')
    return std::nullopt;
  auto hh = number(hms.substr(0, 2), 2, 2);
  auto mi = number(hms.substr(3, 2), 2, 2);
  auto ss = number(hms.substr(6, 2), 2, 2);
  if (!hh || !mi || !ss || *hh > 23 || *mi > 59 || *ss > 60) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{*y}, std::chrono::month{*m},
                                  std::chrono::day{static_cast<unsigned>(*d)}};
  if (!ymd.ok()) return std::nullopt;
  Time t = std::chrono::sys_days{ymd} + std::chrono::hours{*hh} + std::chrono::minutes{*mi} +
           Seconds{*ss};
  return t - *off;
}

std::optional<Seconds> parse_retry_after(std::string_view value, Time now) {
  value = trim(value);
  if (!value.empty() && value.find_first_not_of("0123456789") == std::string_view::npos) {
    auto n = number(value, 1, 9);  // longer than 9 digits is years: treat as malformed
    if (!n) return std::nullopt;
    return Seconds{*n};
  }
  auto at = parse_http_date(value);
  if (!at) return std::nullopt;
  return *at > now ? *at - now : Seconds{0};
}

}  // namespace dp::http
