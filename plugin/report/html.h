// The report as one HTML document for the helpdesk and for mail: inline styles only,
// tables for layout, no scripts, no external fonts or images other than the attached
// charts (referenced by the file names the outbox writes them under).
#pragma once

#include <string>

#include "report/document.h"

namespace dp::report {

std::string escape_html(const std::string& s);
std::string render_html(const Document& d);

}  // namespace dp::report
