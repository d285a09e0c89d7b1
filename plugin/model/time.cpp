#include "model/time.h"

#include <date/date.h>
#include <date/tz.h>

#include <algorithm>
#include <charconv>
#include <exception>

namespace dp {
namespace {

bool digits(std::string_view s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

// The years std::chrono::year can name; zone lookups and offsets stay inside them.
template <class Clock>
std::chrono::time_point<Clock, Seconds> clamp_years(std::chrono::time_point<Clock, Seconds> t) {
  using std::chrono::year;
  using Days = std::chrono::time_point<Clock, std::chrono::days>;
  constexpr Days lo{
      std::chrono::sys_days{year::min() / std::chrono::January / 1}.time_since_epoch()};
  constexpr Days hi{
      std::chrono::sys_days{year::max() / std::chrono::January / 1}.time_since_epoch()};
  return std::clamp<std::chrono::time_point<Clock, Seconds>>(t, lo, hi);
}

const date::time_zone* find_zone(const std::string& zone) {
  try {
    return date::locate_zone(zone);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

std::optional<std::chrono::sys_days> parse_date(std::string_view s) {
  int y, m, d;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  if (!digits(s, 0, 4, y) || !digits(s, 5, 2, m) || !digits(s, 8, 2, d)) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{unsigned(m)},
                                  std::chrono::day{unsigned(d)}};
  if (!ymd.ok()) return std::nullopt;
  return std::chrono::sys_days{ymd};
}

std::optional<Time> parse_rfc3339(std::string_view s) {
  if (s.size() < 19) return std::nullopt;
  auto day = parse_date(s.substr(0, 10));
  if (!day) return std::nullopt;
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
  int hh, mm, ss;
  if (!digits(s, 11, 2, hh) || s[13] != ':' || !digits(s, 14, 2, mm) || s[16] != ':' ||
      !digits(s, 17, 2, ss))
    return std::nullopt;
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  if (ss == 60) ss = 59;  // a leap second: see time.h
  size_t pos = 19;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    if (pos == start) return std::nullopt;
  }
  Time t = *day + std::chrono::hours{hh} + std::chrono::minutes{mm} + Seconds{ss};
  auto writable = [](Time u) -> std::optional<Time> {
    if (u < kFirstWritable || u > kLastWritable) return std::nullopt;
    return u;
  };
  if (pos == s.size()) return writable(t);  // no offset: UTC
  char c = s[pos];
  if ((c == 'Z' || c == 'z') && pos + 1 == s.size()) return writable(t);
  if ((c == '+' || c == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || !digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
      return std::nullopt;
    auto off = std::chrono::hours{oh} + std::chrono::minutes{om};
    return writable(c == '+' ? t - off : t + off);
  }
  return std::nullopt;
}

std::string format_rfc3339(Time t) {
  // By hand rather than date::format: that builds a stream per call, the cost of every
  // row `compute` writes (two per row). Same text, tested against it.
  using namespace std::chrono;
  t = std::clamp(t, kFirstWritable, kLastWritable);
  const sys_days day = floor<days>(t);
  const year_month_day ymd{day};
  const long long secs = (t - day).count();
  char out[21];
  auto put = [&](int at, unsigned v, int width) {
    for (int i = width - 1; i >= 0; --i, v /= 10) out[at + i] = char('0' + v % 10);
  };
  put(0, unsigned(int(ymd.year())), 4);
  out[4] = '-';
  put(5, unsigned(ymd.month()), 2);
  out[7] = '-';
  put(8, unsigned(ymd.day()), 2);
  out[10] = 'T';
  put(11, unsigned(secs / 3600), 2);
  out[13] = ':';
  put(14, unsigned(secs / 60 % 60), 2);
  out[16] = ':';
  put(17, unsigned(secs % 60), 2);
  out[19] = 'Z';
  return std::string(out, 20);
}

std::string format_date(std::chrono::sys_days d) {
  using namespace std::chrono;
  constexpr sys_days first{year{0} / January / 1}, last{year{9999} / December / 31};
  return date::format("%Y-%m-%d", std::clamp(d, first, last));
}

bool is_valid_zone(const std::string& zone) {
  return find_zone(zone) != nullptr;
}

std::optional<Time> local_to_utc(std::chrono::local_seconds lt, const std::string& zone) {
  const date::time_zone* tz = find_zone(zone);
  if (!tz) return std::nullopt;
  date::local_seconds dl{clamp_years(lt).time_since_epoch()};
  auto info = tz->get_info(dl);
  switch (info.result) {
    case date::local_info::unique:
    case date::local_info::ambiguous:
      return Time{(dl - info.first.offset).time_since_epoch()};
    case date::local_info::nonexistent:
    default:
      // The gap's end: the first instant of the second period.
      return Time{info.second.begin.time_since_epoch()};
  }
}

std::optional<std::chrono::local_seconds> utc_to_local(Time t, const std::string& zone) {
  const date::time_zone* tz = find_zone(zone);
  if (!tz) return std::nullopt;
  date::sys_seconds ds{clamp_years(t).time_since_epoch()};
  auto info = tz->get_info(ds);
  return std::chrono::local_seconds{(ds + info.offset).time_since_epoch()};
}

}  // namespace dp
