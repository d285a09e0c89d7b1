// The report as one HTML document for the helpdesk and for mail: tables for layout, no
// scripts, no external fonts or images other than the attached charts, each one
// `<img src="NAME" alt="ALT">` with NAME the file name the outbox writes it under
// (dp::attachment_name). Browsers get a <style> block; where it is dropped (RT's
// scrubber, some mail clients) HTML attributes and inline styles that RT keeps carry
// the layout and the colours. A sink that cannot link files rewrites the charts
// (connectors/rt/report_body.h).
#pragma once

#include <string>

#include "report/document.h"

namespace dp::report {

std::string escape_html(const std::string& s);
std::string render_html(const Document& d);

}  // namespace dp::report
