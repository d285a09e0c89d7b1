#include "files/csv.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace dp::files {
namespace {

std::optional<FieldType> column_type(Kind kind, std::string_view name) {
  for (const auto& f : fields_of(kind))
    if (f.name == name) return f.type;
  return std::nullopt;
}

// A cell that is not a finite number in plain decimal ("inf", "nan", "1e400",
// "0x10") stays a string, so the decoder rejects it naming the column.
bool write_number(json::Writer& w, const std::string& s) {
  const char* end = s.data() + s.size();
  int64_t i = 0;
  auto [p, ec] = std::from_chars(s.data(), end, i);
  if (ec == std::errc() && p == end) {
    w.value(i);
    return true;
  }
  double d = 0;
  auto [q, ec2] = std::from_chars(s.data(), end, d);
  if (ec2 != std::errc() || q != end || !std::isfinite(d)) return false;
  w.value(d);
  return true;
}

bool write_bool(json::Writer& w, const std::string& s) {
  if (s == "true" || s == "1" || s == "yes") return w.value(true), true;
  if (s == "false" || s == "0" || s == "no") return w.value(false), true;
  return false;
}

void write_list(json::Writer& w, const std::string& s) {
  w.arr_begin();
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(';', start);
    if (end == std::string::npos) end = s.size();
    if (end > start) w.value(std::string_view(s).substr(start, end - start));
    start = end + 1;
  }
  w.arr_end();
}

void write_cell(json::Writer& w, std::optional<FieldType> type, const std::string& s) {
  bool done = false;
  if (type == FieldType::integer || type == FieldType::number)
    done = write_number(w, s);
  else if (type == FieldType::boolean)
    done = write_bool(w, s);
  else if (type == FieldType::string_list)
    write_list(w, s), done = true;
  else if (type == FieldType::object && json::parse(s).ok())
    w.raw(s), done = true;
  if (!done) w.value(s);
}

}  // namespace

bool csv_record_complete(std::string_view text) {
  size_t quotes = 0;
  for (char c : text) quotes += c == '"';
  return quotes % 2 == 0;
}

std::optional<OpenQuote> csv_open_quote(std::string_view text) {
  bool quoted = false;
  OpenQuote at, now;
  char prev = 0;
  for (char c : text) {
    if (c == '"') {
      quoted = !quoted;
      if (quoted && prev != '"') at = now;  // not "" inside a field, which reopens it
    } else if (c == ',' && !quoted) {
      ++now.cell;
    } else if (c == '\n') {
      ++now.line;
    }
    prev = c;
  }
  if (!quoted) return std::nullopt;
  return at;
}

Result<std::vector<CsvCell>> split_csv_record(std::string_view rec) {
  std::vector<CsvCell> cells;
  size_t i = 0;
  while (true) {
    if (i < rec.size() && rec[i] == '"') {
      std::string cell;
      ++i;
      while (true) {
        if (i >= rec.size()) return make_error("unterminated quoted field");
        if (rec[i] == '"') {
          if (i + 1 < rec.size() && rec[i + 1] == '"') {
            cell += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        cell += rec[i++];
      }
      if (i < rec.size() && rec[i] != ',')
        return make_error("text after a closing quote in field " +
                          std::to_string(cells.size() + 1));
      cells.emplace_back(std::move(cell));
    } else {
      size_t end = rec.find(',', i);
      if (end == std::string_view::npos) end = rec.size();
      std::string_view cell = rec.substr(i, end - i);
      if (cell.find('"') != std::string_view::npos)
        return make_error("quote inside an unquoted field " + std::to_string(cells.size() + 1));
      if (cell.empty())
        cells.emplace_back(std::nullopt);
      else
        cells.emplace_back(std::string(cell));
      i = end;
    }
    if (i >= rec.size()) break;
    ++i;  // the comma
    if (i == rec.size()) {
      cells.emplace_back(std::nullopt);  // trailing comma: one more empty cell
      break;
    }
  }
  return cells;
}

Result<json::Document> csv_row_to_json(Kind kind, const std::vector<CsvCell>& header,
                                       const std::vector<CsvCell>& cells) {
  if (cells.size() != header.size())
    return make_error("row has " + std::to_string(cells.size()) + " cells, the header has " +
                      std::to_string(header.size()));
  json::Writer w;
  w.obj_begin();
  for (size_t i = 0; i < cells.size(); ++i) {
    if (!cells[i] || !header[i]) continue;  // empty cell = null = absent
    if (size_t bad = first_invalid_utf8(*cells[i]); bad != std::string::npos) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>((*cells[i])[bad]));
      return make_error("not UTF-8 text (byte " + std::string(hex) + " at byte " +
                            std::to_string(bad + 1) + "): save the file as UTF-8",
                        *header[i]);
    }
    w.key(*header[i]);
    write_cell(w, column_type(kind, *header[i]), *cells[i]);
  }
  w.obj_end();
  return json::parse(w.str());
}

}  // namespace dp::files
