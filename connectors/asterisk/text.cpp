#include "asterisk/text.h"

#include <algorithm>
#include <charconv>

#include "model/text.h"

namespace dp::asterisk {

std::optional<std::vector<std::string>> split_csv(std::string_view line) {
  std::vector<std::string> fields;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c != '"') {
        cur += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(cur));
      cur.clear();
    } else {
      cur += c;
    }
  }
  if (quoted) return std::nullopt;
  fields.push_back(std::move(cur));
  return fields;
}

std::vector<std::string> split_pipes(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t bar = line.find('|', start);
    out.emplace_back(line.substr(start, bar == std::string_view::npos ? bar : bar - start));
    if (bar == std::string_view::npos) break;
    start = bar + 1;
  }
  return out;
}

std::string sanitize_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80           ? 1
                 : (c >> 5) == 0x6  ? 2
                 : (c >> 4) == 0xE  ? 3
                 : (c >> 3) == 0x1E ? 4
                                    : 0;
    bool ok = len > 0 && i + len <= s.size() && !(len == 2 && c < 0xC2);
    for (size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (ok && c >= 0x20) {
      out.append(s.substr(i, len));
      i += len;
    } else if (ok && (c == '\t')) {
      out += c;
      ++i;
    } else {
      out += '?';  // also control bytes: they have no business in a name or number
      ++i;
    }
  }
  return out;
}

bool ReplacedBytes::clean(std::string_view text) {
  bool control = std::any_of(text.begin(), text.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 && c != '\t';
  });
  return !control && valid_utf8(text);
}

void ReplacedBytes::warn(std::vector<std::string>& warnings) const {
  if (lines == 0) return;
  warnings.push_back(std::to_string(lines) +
                     " line(s) held bytes that are not UTF-8 text "
                     "(another encoding, or control bytes), stored with '?' in their place; "
                     "the first at " +
                     first);
}

std::optional<long long> parse_int(std::string_view s) {
  s = trim(s);
  if (s.empty()) return std::nullopt;
  long long v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<long long> parse_int_in(std::string_view s, long long min, long long max) {
  auto v = parse_int(s);
  if (!v || *v < min || *v > max) return std::nullopt;
  return v;
}

std::optional<Seconds> parse_duration_arg(std::string_view s) {
  auto v = parse_int_in(s, 0, kLongestDuration.count());
  if (!v) return std::nullopt;
  return Seconds{*v};
}

std::optional<Time> parse_timestamp(std::string_view s, const std::string& zone) {
  s = trim(s);
  std::string_view whole = s.substr(0, s.find('.'));
  if (parse_int(whole)) {
    auto epoch = parse_int_in(whole, kEarliestTime.time_since_epoch().count(),
                              kLatestTime.time_since_epoch().count());
    std::string_view fraction = s.substr(whole.size());
    if (!fraction.empty()) fraction.remove_prefix(1);
    if (!epoch || fraction.find_first_not_of("0123456789") != std::string_view::npos)
      return std::nullopt;
    return Time{Seconds{*epoch}};
  }
  // parse_rfc3339 reads an offset-less "YYYY-MM-DD HH:MM:SS" as UTC: that is the wall
  // clock reading, which local_to_utc then places in the configured zone.
  if (s.size() < 19 || s[10] != ' ') return std::nullopt;
  auto wall = parse_rfc3339(s);
  if (!wall) return std::nullopt;
  auto utc = local_to_utc(std::chrono::local_seconds{wall->time_since_epoch()}, zone);
  if (!utc || *utc < kEarliestTime || *utc > kLatestTime) return std::nullopt;
  return utc;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

}  // namespace dp::asterisk
