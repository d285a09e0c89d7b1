#include "report/html.h"

#include "report/report.h"

namespace dp::report {
namespace {

// Three layers, so the report reads well wherever it lands:
// - a <style> block gives browsers (the outbox file) the full look;
// - HTML attributes (cellpadding, align, valign) keep tables readable where <style> is
//   dropped: RT's scrubber removes it, and so do some mail clients;
// - inline styles only with the properties RT's scrubber keeps (color, font-size,
//   font-weight, margin, padding, border-width/-style/-color, text-align): it drops a
//   whole style attribute when one property is not on its list, and with it a figure's
//   green or red.
// Per-cell markup stays short: RT shows a message body inline only up to $MaxInlineBody
// (25 KiB by default), so the grey of small print comes from <style> alone.
constexpr const char* kCss =
    "body{margin:0;padding:16px;background:#ffffff;color:#222222;"
    "font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4}"
    "div{max-width:980px}"
    "table{border-collapse:collapse;margin:4px 0 8px 0}"
    "th{text-align:left;padding:4px 8px;border-bottom:2px solid #cccccc;font-size:13px}"
    "td{padding:4px 8px;border-bottom:1px solid #eeeeee;vertical-align:top}"
    "small{font-size:11px;color:#767676}"
    "img{max-width:100%;height:auto;border:1px solid #eeeeee}";
constexpr const char* kH1 = "font-size:20px;margin:0 0 4px 0;";
constexpr const char* kH2 =
    "font-size:16px;margin:24px 0 8px 0;padding:0 0 4px 0;"
    "border-width:0 0 1px 0;border-style:solid;border-color:#dddddd;";
constexpr const char* kMuted = "color:#666666;";

std::string tone_style(Tone t) {
  switch (t) {
    case Tone::muted:
      return "color:#767676;";
    case Tone::good:
    case Tone::met:
      return "color:#1a7f37;";
    case Tone::bad:
    case Tone::missed:
      return "color:#cf222e;";
    case Tone::close:
      return "color:#9a6700;";
    case Tone::normal:
      break;
  }
  return "";
}

std::string cell(const Cell& c) {
  std::string style = tone_style(c.tone);
  if (c.tone == Tone::met || c.tone == Tone::close || c.tone == Tone::missed)
    style += "font-weight:bold;";
  std::string out = "<td";
  if (c.numeric) out += " align=\"right\"";
  if (!style.empty()) out += " style=\"" + style + "\"";
  if (!c.title.empty()) out += " title=\"" + escape_html(c.title) + "\"";
  out += ">" + escape_html(c.text);
  if (c.footnote) out += "<sup>" + std::to_string(c.footnote) + "</sup>";
  if (!c.note.empty()) out += "<br><small>" + escape_html(c.note) + "</small>";
  return out + "</td>";
}

std::string table(const Table& t) {
  std::string out = "<table role=\"table\" cellpadding=\"4\" cellspacing=\"0\"><tr>";
  for (const auto& h : t.header) out += "<th align=\"left\">" + escape_html(h) + "</th>";
  out += "</tr>\n";
  for (const auto& row : t.rows) {
    out += "<tr valign=\"top\">";
    for (const Cell& c : row) out += cell(c);
    out += "</tr>\n";
  }
  return out + "</table>\n";
}

std::string block(const Document& d, const Block& b) {
  switch (b.kind) {
    case Block::Kind::heading:
      return "<h2 style=\"" + std::string(kH2) + "\">" + escape_html(b.text) + "</h2>\n";
    case Block::Kind::paragraph:
      return "<p style=\"margin:8px 0;\">" + escape_html(b.text) + "</p>\n";
    case Block::Kind::note:
      return "<p style=\"margin:4px 0;font-size:12px;" + std::string(kMuted) + "\">" +
             escape_html(b.text) + "</p>\n";
    case Block::Kind::bullets: {
      std::string out = "<ul style=\"margin:4px 0;padding:0 0 0 20px;\">";
      for (const auto& i : b.items) out += "<li>" + escape_html(i) + "</li>";
      return out + "</ul>\n";
    }
    case Block::Kind::table:
      return table(b.table);
    case Block::Kind::image:
      // The alt text carries the chart's message where images are blocked. The shape
      // `<img src="NAME" alt="ALT" ...>` is what the RT sink replaces with a caption
      // (connectors/rt/report_body.h): RT cannot show an image linked by file name.
      return "<p style=\"margin:8px 0;\"><img src=\"" +
             escape_html(attachment_name(d.team, d.period, b.text)) + "\" alt=\"" +
             escape_html(b.alt) + "\" title=\"" + escape_html(b.alt) + "\"></p>\n";
  }
  return "";
}

}  // namespace

std::string escape_html(const std::string& text) {
  // Names come from the data and the config: a byte that is not UTF-8 becomes U+FFFD.
  std::string repaired;
  if (!valid_utf8(text)) repaired = repair_utf8(text);
  const std::string& s = repaired.empty() ? text : repaired;
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string render_html(const Document& d) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" +
                    escape_html(d.title) + "</title><style>" + kCss + "</style></head>\n<body>\n" +
                    "<div>\n<h1 style=\"" + kH1 + "\">" + escape_html(d.title) +
                    "</h1>\n<p style=\"margin:0;" + kMuted + "\">" + escape_html(d.subtitle) +
                    "</p>\n";
  for (const Block& b : d.blocks) out += block(d, b);
  if (!d.footnotes.empty()) {
    out += "<h2 style=\"" + std::string(kH2) +
           "\">Definitions</h2>\n<ol style=\"margin:4px 0;"
           "padding:0 0 0 24px;font-size:12px;" +
           kMuted + "\">";
    for (const auto& f : d.footnotes) out += "<li>" + escape_html(f) + "</li>";
    out += "</ol>\n";
  }
  return out + "<p style=\"font-size:11px;" + kMuted +
         "\">Generated by deskpulse from the helpdesk's own records.</p>\n</div>\n</body></html>\n";
}

}  // namespace dp::report
