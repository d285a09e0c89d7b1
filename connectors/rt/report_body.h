// A report post as Request Tracker 5.0 can show it in its web UI and mail it (each fact
// checked on RT 5.0.3; README.md, "Reports in RT"):
// - RT's scrubber keeps an <img src> only when it is cid: (or http/relative with
//   ShowRemoteImages, off by default), and cid: is only resolved inside a
//   multipart/related entity with Content-ID headers, which REST2 cannot create (it
//   builds multipart/mixed from Content and Attachments). RT does show image
//   attachments inline under the message, in the order they were attached. So each
//   chart the report links by file name becomes a caption, "Chart 2 below: <alt>", and
//   its PNG follows the part of the report that holds the caption.
// - RT shows a text part inline only up to $MaxInlineBody (25 KiB by default); a longer
//   one reads "Message body is not shown because it is too large". A longer report is
//   cut into parts at sections (or between table rows, repeating the table's header):
//   the first is the message, the others follow as text/html attachments, which RT
//   shows inline too.
// - Only the <body> goes: the scrubber prints the <title> as text and drops <style> and
//   title attributes, which would only count against the limit.
// Pure: tested without a server (tests/unit/rt) and on a real RT (tests/integration).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "connector/sink.h"

namespace dp::rt {

// RT's default $MaxInlineBody: it compares the bytes of the part, as sent (25600 bytes
// are shown, 25601 are not).
constexpr size_t kInlineLimit = 25 * 1024;

struct RtReport {
  std::string content_type;  // of the message: text/html (text/plain without HTML)
  std::string content;
  std::vector<Attachment> attachments;  // in the order RT shows them, final file names
};

RtReport report_for_rt(const ReportPost& r, size_t inline_limit = kInlineLimit);

// "Chart 2 below" (the caption's lead, also what tests look for).
std::string chart_caption_lead(size_t number);

}  // namespace dp::rt
