#include "twilio/cursor.h"

namespace dp::twilio {

std::optional<Cursor> parse_cursor(const std::string& text) {
  if (text.rfind("v1 ", 0) != 0) return std::nullopt;
  std::string rest = text.substr(3);
  auto space = rest.find(' ');
  auto at = parse_rfc3339(rest.substr(0, space));
  if (!at) return std::nullopt;
  Cursor c{*at, {}};
  if (space == std::string::npos) return c;
  std::string sids = rest.substr(space + 1);
  for (size_t pos = 0; pos <= sids.size();) {
    size_t comma = sids.find(',', pos);
    if (comma == std::string::npos) comma = sids.size();
    if (comma == pos) return std::nullopt;  // empty sid
    c.seen.insert(sids.substr(pos, comma - pos));
    pos = comma + 1;
  }
  return c;
}

std::string format_cursor(const Cursor& cursor) {
  std::string out = "v1 " + format_rfc3339(cursor.watermark);
  char sep = ' ';
  for (const auto& sid : cursor.seen) {
    out += sep;
    out += sid;
    sep = ',';
  }
  return out;
}

}  // namespace dp::twilio
