// Windows are built from local calendar dates and only then converted to UTC, so a
// day/week/month always starts at local midnight whatever DST does in between.
// Rules and examples: docs/statistics.md, "Windows".
#include "kpi/windows.h"

#include <charconv>
#include <cstdio>

namespace dp::kpi {
namespace {

using namespace std::chrono;

constexpr int kMaxWindows = 20000;  // ~55 years of daily buckets

Error bad_zone(const std::string& zone) {
  return make_error("unknown time zone '" + zone + "'");
}

std::string zone_or_utc(const std::string& zone) {
  return is_valid_zone(zone) ? zone : "UTC";
}

// Zone already validated by the caller.
Time midnight(sys_days d, const std::string& zone) {
  return *local_to_utc(local_days{d.time_since_epoch()}, zone);
}

local_seconds to_local(Time t, const std::string& zone) {
  return *utc_to_local(t, zone);
}

sys_days local_date(Time t, const std::string& zone) {
  return sys_days{floor<days>(to_local(t, zone)).time_since_epoch()};
}

// Monday of ISO week 1: the week holding 4 January.
sys_days iso_week1_monday(int iso_year) {
  sys_days jan4{year{iso_year} / January / 4};
  return jan4 - days{weekday{jan4}.iso_encoding() - 1};
}

int iso_weeks_in_year(int iso_year) {
  return int((iso_week1_monday(iso_year + 1) - iso_week1_monday(iso_year)).count() / 7);
}

sys_days monday_of(sys_days d) {
  return d - days{weekday{d}.iso_encoding() - 1};
}

std::string two(unsigned v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02u", v);
  return buf;
}

std::string week_label(sys_days d) {
  sys_days thursday = monday_of(d) + days{3};  // the ISO year is the Thursday's year
  int y = int(year_month_day{thursday}.year());
  auto week = (thursday - iso_week1_monday(y)).count() / 7 + 1;
  return std::to_string(y) + "-W" + two(unsigned(week));
}

std::string month_label(sys_days d) {
  year_month_day ymd{d};
  return std::to_string(int(ymd.year())) + "-" + two(unsigned(ymd.month()));
}

// Start of the next bucket after local date `d`.
sys_days next_boundary(sys_days d, Bucket b) {
  switch (b) {
    case Bucket::day:
      return d + days{1};
    case Bucket::week:
      return monday_of(d) + days{7};
    default: {
      year_month_day ymd{d};
      return sys_days{(ymd.year() / ymd.month() / 1) + months{1}};
    }
  }
}

std::string label_of(sys_days d, Bucket b) {
  switch (b) {
    case Bucket::day:
      return format_date(d);
    case Bucket::week:
      return week_label(d);
    default:
      return month_label(d);
  }
}

bool parse_int(const std::string& s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  for (size_t i = pos; i < pos + n; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  std::from_chars(s.data() + pos, s.data() + pos + n, out);
  return true;
}

// A bound's text: a local date means its midnight; an RFC 3339 time without offset is
// local wall time; with an offset or Z it is absolute.
std::optional<Time> parse_bound(const std::string& s, const std::string& zone) {
  if (auto d = parse_date(s)) return midnight(*d, zone);
  auto t = parse_rfc3339(s);
  if (!t) return std::nullopt;
  const bool has_offset = s.back() == 'Z' || s.back() == 'z' ||
                          (s.size() >= 25 && (s[s.size() - 6] == '+' || s[s.size() - 6] == '-'));
  if (has_offset) return t;
  return local_to_utc(local_seconds{t->time_since_epoch()}, zone);
}

// "2026-11-01" at local midnight, else local time with its offset.
std::string bound_label(Time t, const std::string& zone) {
  local_seconds lt = to_local(t, zone);
  sys_days d{floor<days>(lt).time_since_epoch()};
  auto tod = lt - floor<days>(lt);
  if (tod == Seconds{0}) return format_date(d);
  auto off = duration_cast<minutes>(lt.time_since_epoch() - t.time_since_epoch()).count();
  hh_mm_ss<Seconds> hms{tod};
  std::string sign = off < 0 ? "-" : "+";
  if (off < 0) off = -off;
  return format_date(d) + "T" + two(unsigned(hms.hours().count())) + ":" +
         two(unsigned(hms.minutes().count())) + ":" + two(unsigned(hms.seconds().count())) + sign +
         two(unsigned(off / 60)) + ":" + two(unsigned(off % 60));
}

Window custom(Time from, Time to, const std::string& zone) {
  return Window{from, to, bound_label(from, zone) + ".." + bound_label(to, zone)};
}

Window whole(sys_days first, sys_days end, std::string label, const std::string& zone) {
  return Window{midnight(first, zone), midnight(end, zone), std::move(label)};
}

}  // namespace

Result<Window> parse_period(const std::string& period, const std::string& zone) {
  if (!is_valid_zone(zone)) return bad_zone(zone);
  auto bad = [&](const std::string& why) {
    return make_error("bad period '" + period + "': " + why);
  };
  int y = 0, a = 0, b = 0;
  const std::string& s = period;
  if (s.size() == 8 && s[4] == '-' && s[5] == 'W' && parse_int(s, 0, 4, y) &&
      parse_int(s, 6, 2, a)) {
    int weeks = iso_weeks_in_year(y);
    if (a < 1 || a > weeks)
      return bad("ISO year " + std::to_string(y) + " has weeks 01.." + std::to_string(weeks));
    sys_days mon = iso_week1_monday(y) + days{7 * (a - 1)};
    return whole(mon, mon + days{7}, period, zone);
  }
  if (s.size() == 7 && s[4] == '-' && parse_int(s, 0, 4, y) && parse_int(s, 5, 2, a)) {
    if (a < 1 || a > 12) return bad("month must be 01..12");
    sys_days first{year{y} / month{unsigned(a)} / 1};
    return whole(first, next_boundary(first, Bucket::month), period, zone);
  }
  if (s.size() == 10 && s[4] == '-' && s[7] == '-' && parse_int(s, 0, 4, y) &&
      parse_int(s, 5, 2, a) && parse_int(s, 8, 2, b)) {
    auto d = parse_date(s);
    if (!d) return bad("no such date");
    return whole(*d, *d + days{1}, period, zone);
  }
  return bad("expected YYYY-Www (ISO week), YYYY-MM or YYYY-MM-DD");
}

Result<std::vector<Window>> make_windows(const std::string& from, const std::string& to,
                                         Bucket bucket, const std::string& zone) {
  if (!is_valid_zone(zone)) return bad_zone(zone);
  auto f = parse_bound(from, zone);
  if (!f) return make_error("bad --from '" + from + "': expected YYYY-MM-DD or an RFC 3339 time");
  auto t = parse_bound(to, zone);
  if (!t) return make_error("bad --to '" + to + "': expected YYYY-MM-DD or an RFC 3339 time");
  if (*t <= *f) return make_error("--to '" + to + "' must be after --from '" + from + "'");
  if (bucket == Bucket::none) return std::vector<Window>{custom(*f, *t, zone)};
  std::vector<Window> out;
  for (Time start = *f; start < *t;) {
    if (out.size() >= kMaxWindows)
      return make_error("too many windows (more than " + std::to_string(kMaxWindows) +
                        "): use a larger --bucket or a shorter range");
    sys_days d = local_date(start, zone);
    Time end = std::min(midnight(next_boundary(d, bucket), zone), *t);
    // A bucket cut at --from/--to is not its whole period: labelled with its dates.
    Window whole_period = *parse_period(label_of(d, bucket), zone);
    out.push_back(whole_period.from == start && whole_period.to == end
                      ? Window{start, end, whole_period.label}
                      : custom(start, end, zone));
    start = end;
  }
  return out;
}

Window previous(const Window& w, const std::string& zone_in) {
  const std::string zone = zone_or_utc(zone_in);
  // A whole day/week/month steps back one period; anything else (a custom range, or a
  // bucket cut at --from/--to) steps back by its own length.
  auto p = parse_period(w.label, zone);
  if (p && p->from == w.from && p->to == w.to) {
    sys_days before = local_date(w.from, zone) - days{1};
    Bucket b = w.label.size() == 10  ? Bucket::day
               : w.label.size() == 8 ? Bucket::week
                                     : Bucket::month;
    return *parse_period(label_of(before, b), zone);
  }
  return custom(w.from - (w.to - w.from), w.from, zone);
}

std::string iso_week_label(Time t, const std::string& zone) {
  return week_label(local_date(t, zone_or_utc(zone)));
}

std::string period_label(Time t, Bucket b, const std::string& zone) {
  const std::string z = zone_or_utc(zone);
  if (b == Bucket::none) return bound_label(t, z);
  return label_of(local_date(t, z), b);
}

}  // namespace dp::kpi
