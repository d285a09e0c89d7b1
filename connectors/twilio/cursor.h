// The Twilio poll cursor. Twilio lists calls newest first and only filters by start
// date, so the cursor records how far the import is complete instead of a page:
// every final call that started before `watermark` is stored, no call that started
// before it is still going on, and `seen` holds the sids already stored that started
// at or after it (so re-reading that stretch stores nothing twice).
#pragma once

#include <optional>
#include <set>
#include <string>

#include "model/time.h"

namespace dp::twilio {

struct Cursor {
  Time watermark{};
  std::set<std::string> seen;
};

// "v1 2026-11-23T09:00:00Z CAxxx,CAyyy"; nullopt when malformed.
std::optional<Cursor> parse_cursor(const std::string& text);
std::string format_cursor(const Cursor& cursor);

}  // namespace dp::twilio
