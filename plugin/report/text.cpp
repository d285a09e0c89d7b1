#include "report/text.h"

#include "model/text.h"

#include <algorithm>

#include "connector/report_names.h"

namespace dp::report {
namespace {

std::string cell_text(const Cell& c) {
  std::string s = c.text;
  if (c.footnote) s += " [" + std::to_string(c.footnote) + "]";
  if (!c.note.empty()) s += " (" + c.note + ")";
  return s;
}

std::string pad(const std::string& s, size_t width, bool right) {
  const size_t w = display_width(s);
  const std::string fill(width > w ? width - w : 0, ' ');
  return right ? fill + s : s + fill;
}

std::string table(const Table& t) {
  std::vector<size_t> widths(t.header.size(), 0);
  for (size_t i = 0; i < t.header.size(); ++i) widths[i] = display_width(t.header[i]);
  for (const auto& row : t.rows)
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], display_width(cell_text(row[i])));
  auto line = [&](const std::vector<std::string>& cells, const std::vector<bool>& right) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i) out += "  ";
      out += pad(cells[i], widths[i], right[i]);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(t.header, std::vector<bool>(t.header.size(), false));
  size_t total = 0;
  for (size_t w : widths) total += w + 2;
  out += std::string(total > 2 ? total - 2 : 0, '-') + "\n";
  for (const auto& row : t.rows) {
    std::vector<std::string> cells;
    std::vector<bool> right;
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      cells.push_back(cell_text(row[i]));
      right.push_back(row[i].numeric);
    }
    out += line(cells, right);
  }
  return out;
}

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = char(c - 'a' + 'A');
  return s;
}

}  // namespace

size_t display_width(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string render_text(const Document& d) {
  std::string out = d.title + "\n" + d.subtitle + "\n";
  int charts = 0;
  for (const Block& b : d.blocks) {
    switch (b.kind) {
      case Block::Kind::heading:
        out += "\n" + upper(b.text) + "\n";
        break;
      case Block::Kind::paragraph:
      case Block::Kind::note:
        out += b.text + "\n";
        break;
      case Block::Kind::bullets:
        for (const auto& i : b.items) out += "- " + i + "\n";
        break;
      case Block::Kind::table:
        out += table(b.table);
        break;
      case Block::Kind::image:
        // Numbered and named as the attached file, like the captions RT shows.
        out += "[Chart " + std::to_string(++charts) + ": " + b.alt + " (" +
               attachment_name(d.team, d.period, b.text) + ")]\n";
        break;
    }
  }
  if (!d.footnotes.empty()) {
    out += "\nDEFINITIONS\n";
    for (size_t i = 0; i < d.footnotes.size(); ++i)
      out += "[" + std::to_string(i + 1) + "] " + d.footnotes[i] + "\n";
  }
  // Names come from the data and the config: a byte that is not UTF-8 becomes U+FFFD.
  return valid_utf8(out) ? out : repair_utf8(out);
}

}  // namespace dp::report
