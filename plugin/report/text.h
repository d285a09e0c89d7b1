// The report as plain text for mail: aligned tables, charts as their alt text,
// definitions as numbered footnotes.
#pragma once

#include <string>

#include "report/document.h"

namespace dp::report {

std::string render_text(const Document& d);

// Columns on screen of UTF-8 text (code points; the report uses no wide characters).
size_t display_width(const std::string& s);

}  // namespace dp::report
