#include "rt/report_body.h"

#include <algorithm>
#include <string_view>

#include "connector/report_names.h"

namespace dp::rt {
namespace {

constexpr auto npos = std::string::npos;

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// What is between <body ...> and </body>, or all of it when there is no body tag.
std::string body_of(const std::string& html) {
  const size_t open = html.find("<body");
  const size_t start = open == npos ? npos : html.find('>', open);
  if (start == npos) return html;
  size_t end = html.rfind("</body>");
  if (end == npos || end < start) end = html.size();
  return html.substr(start + 1, end - start - 1);
}

// The renderer escapes attribute values and text ('"' becomes &quot;), so ` name="` only
// starts an attribute and its value ends at the next '"'.
std::string attribute_value(std::string_view tag, const std::string& name) {
  const std::string key = " " + name + "=\"";
  const size_t at = tag.find(key);
  if (at == npos) return "";
  const size_t end = tag.find('"', at + key.size());
  return end == npos ? "" : std::string(tag.substr(at + key.size(), end - at - key.size()));
}

std::string without_attribute(std::string html, const std::string& name) {
  const std::string key = " " + name + "=\"";
  for (size_t at = html.find(key); at != npos; at = html.find(key, at)) {
    const size_t end = html.find('"', at + key.size());
    if (end == npos) break;
    html.erase(at, end + 1 - at);
  }
  return html;
}

std::string caption_html(size_t number) {
  return "<b>" + chart_caption_lead(number) + ":</b> ";
}

// Names come from dp::safe_file_name: nothing in them to escape.
std::string img_tag_start(const std::string& name) {
  return "<img src=\"" + name + "\"";
}

// Replaces the <img> that links the chart `name` with its caption; false when the HTML
// does not link it.
bool caption_chart(std::string& html, const std::string& name, size_t number) {
  const size_t at = html.find(img_tag_start(name));
  const size_t end = at == npos ? npos : html.find('>', at);
  if (end == npos) return false;
  const std::string alt = attribute_value(std::string_view(html).substr(at, end - at), "alt");
  html.replace(
      at, end + 1 - at,
      caption_html(number) + alt + " <small style=\"color:#767676;\">(" + name + ")</small>");
  return true;
}

// Cuts the body into parts of at most `limit` bytes where it can. The renderer writes
// one block, table start (with its header row), table row or table end per line; a
// part ends before a section heading when one is in its second half, else between
// two lines, and a table cut in two is closed and opened again with its header row.
// A single line longer than the limit stays whole.
std::vector<std::string> split_lines(const std::string& body, size_t limit) {
  std::vector<std::string> parts;
  std::string part, table_head;
  size_t section = 0;  // where the last section heading starts in `part`, 0 = none
  size_t carried = 0;  // bytes of `part` repeated from the previous part
  for (size_t pos = 0; pos < body.size();) {
    const size_t nl = body.find('\n', pos);
    const size_t next = nl == npos ? body.size() : nl + 1;
    const std::string_view line(body.data() + pos, next - pos);
    pos = next;
    // Closing tags are a few bytes: below the limit's margin, not worth a part.
    const bool over = part.size() + line.size() > limit && !starts_with(line, "</");
    if (over && section > limit / 2) {
      parts.push_back(part.substr(0, section));
      part.erase(0, section);
      section = carried = 0;
    }
    if (over && part.size() + line.size() > limit && part.size() > carried) {
      const bool in_table = !table_head.empty() && starts_with(line, "<tr");
      parts.push_back(in_table ? part + "</table>\n" : part);
      part = in_table ? table_head : "";
      section = 0;
      carried = part.size();
    }
    if (starts_with(line, "<h2")) section = part.size();
    if (starts_with(line, "<table")) table_head = line;
    if (starts_with(line, "</table>")) table_head.clear();
    part += line;
  }
  if (part.size() > carried || parts.empty()) parts.push_back(part);
  return parts;
}

bool is_image(const Attachment& a) {
  return starts_with(a.content_type, "image/");
}

}  // namespace

std::string chart_caption_lead(size_t number) {
  return "Chart " + std::to_string(number) + " below";
}

RtReport report_for_rt(const ReportPost& r, size_t inline_limit) {
  RtReport out;
  std::vector<Attachment> files = r.attachments;
  for (Attachment& a : files) a.filename = attachment_name(r.team, r.period, a.filename);
  if (r.html.empty()) {
    out.content_type = "text/plain";
    out.content = r.text;
    out.attachments = std::move(files);
    return out;
  }

  std::string body = without_attribute(body_of(r.html), "title");
  // Charts are numbered in reading order and attached in that order.
  std::vector<std::pair<size_t, Attachment>> linked;
  std::vector<Attachment> charts, unlinked;  // charts[i] is captioned "Chart i+1 below"
  for (Attachment& a : files) {
    const size_t at = is_image(a) ? body.find(img_tag_start(a.filename)) : npos;
    if (at == npos)
      unlinked.push_back(std::move(a));
    else
      linked.emplace_back(at, std::move(a));
  }
  std::stable_sort(linked.begin(), linked.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  for (auto& [at, a] : linked)
    if (caption_chart(body, a.filename, charts.size() + 1))
      charts.push_back(std::move(a));
    else
      unlinked.push_back(std::move(a));

  const std::vector<std::string> parts = split_lines(body, inline_limit);
  out.content_type = "text/html";
  out.content = parts[0];
  // Each chart right after the part that holds its caption.
  size_t next_chart = 0;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0)
      out.attachments.push_back({report_basename(r.team, r.period) + "-part-" +
                                     std::to_string(i + 1) + "-of-" + std::to_string(parts.size()) +
                                     ".html",
                                 "text/html", parts[i], ""});
    while (next_chart < charts.size() &&
           (i + 1 == parts.size() || parts[i].find(caption_html(next_chart + 1)) != npos))
      out.attachments.push_back(std::move(charts[next_chart++]));
  }
  for (Attachment& a : unlinked) out.attachments.push_back(std::move(a));
  return out;
}

}  // namespace dp::rt
