#include <cctype>
#include <charconv>
#include <limits>

#include "config/keys.h"

namespace dp::config {
namespace {

template <class T>
std::optional<T> parse_whole(std::string_view text) {
  T v{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Seconds> parse_duration(const std::string& text) {
  std::string_view s = trim(text);
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front()))) return std::nullopt;
  long long unit = 1;
  if (std::isalpha(static_cast<unsigned char>(s.back()))) {
    switch (s.back()) {
      case 's':
        unit = 1;
        break;
      case 'm':
        unit = 60;
        break;
      case 'h':
        unit = 3600;
        break;
      case 'd':
        unit = 86400;
        break;
      case 'w':
        unit = 7 * 86400;
        break;
      default:
        return std::nullopt;
    }
    s.remove_suffix(1);
  }
  auto n = parse_whole<long long>(s);
  if (!n || *n > std::numeric_limits<long long>::max() / unit) return std::nullopt;
  return Seconds{*n * unit};
}

// The values were validated at load, so the fallbacks below only guard against
// a Block that a test or a caller filled by hand.
long long Block::integer(const std::string& key) const {
  return parse_whole<long long>(trim(str(key))).value_or(0);
}

double Block::number(const std::string& key) const {
  return parse_whole<double>(trim(str(key))).value_or(0.0);
}

bool Block::boolean(const std::string& key) const {
  return str(key) == "true";
}

Seconds Block::duration(const std::string& key) const {
  return parse_duration(str(key)).value_or(Seconds{0});
}

}  // namespace dp::config
