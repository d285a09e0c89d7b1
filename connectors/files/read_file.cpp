#include "files/read_file.h"

#include <filesystem>
#include <functional>

#include "files/csv.h"
#include "files/line_parser.h"
#include "files/lines.h"

namespace dp::files {
namespace {

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

struct Target {
  const std::string& name;
  Kind kind;
  Batch& out;

  void reject(uint64_t line, std::string field, std::string message) {
    out.rejected.push_back(
        {name + ":" + std::to_string(line), std::move(field), std::move(message)});
  }
  void take(uint64_t line, const json::Value& obj) {
    auto r = decode_into(kind, obj, out.records);
    if (!r) reject(line, r.error().where, r.error().message);
  }
};

Result<size_t> read_ndjson(LineReader& lr, Target t, FileMark& mark, size_t budget) {
  size_t used = 0;
  LineParser parser;
  while (used < budget) {
    auto line = lr.next();
    if (!line) break;
    ++mark.line;
    mark.offset = lr.offset();
    if (lr.too_long()) {
      t.reject(mark.line, "",
               "line longer than " + std::to_string(LineReader::kMaxLine) + " bytes");
    } else if (blank(*line)) {
      continue;
    } else if (auto doc = parser.parse(*line); !doc) {
      t.reject(mark.line, "", doc.error().message);
    } else {
      t.take(mark.line, **doc);
    }
    ++used;
  }
  return used;
}

// Calls `on_record(first_line, text)` for each whole CSV record (records may span
// lines); stops when it returns false. Advances `mark` past each record.
void csv_records(LineReader& lr, FileMark& mark,
                 const std::function<bool(uint64_t, std::string_view)>& on_record) {
  std::string rec;
  uint64_t pending = 0;
  while (auto line = lr.next()) {
    if (pending) rec += '\n';
    rec.append(*line);
    ++pending;
    if (!lr.too_long() && !csv_record_complete(rec) && rec.size() < LineReader::kMaxLine) continue;
    uint64_t first = mark.line + 1;
    mark.line += pending;
    mark.offset = lr.offset();
    pending = 0;
    bool go_on = blank(rec) || on_record(first, rec);
    rec.clear();
    if (!go_on) return;
  }
}

Result<std::vector<CsvCell>> csv_header(const std::string& path, FileMark* mark) {
  FileMark scratch;
  FileMark& m = mark ? *mark : scratch;
  auto lr = LineReader::open(path, 0);
  if (!lr) return lr.error();
  Result<std::vector<CsvCell>> header = make_error("no header row yet");
  csv_records(*lr, m, [&](uint64_t, std::string_view rec) {
    header = split_csv_record(rec);
    return false;
  });
  return header;
}

Result<size_t> read_csv(const std::string& path, Target t, FileMark& mark, size_t budget) {
  size_t used = 0;
  if (budget == 0) return used;
  auto header = csv_header(path, mark.offset == 0 ? &mark : nullptr);
  if (!header && mark.offset == 0) return used;  // no whole header line yet
  if (!header) {
    // Nothing below a broken header can be read; it is reported on every poll until
    // the file is fixed (a rewrite restarts it from the top).
    t.reject(1, "", "bad CSV header: " + header.error().message);
    return ++used;
  }
  auto lr = LineReader::open(path, mark.offset);
  if (!lr) return lr.error();
  csv_records(*lr, mark, [&](uint64_t line, std::string_view rec) {
    auto cells = split_csv_record(rec);
    auto doc =
        cells ? csv_row_to_json(t.kind, *header, *cells) : Result<json::Document>(cells.error());
    if (!doc)
      t.reject(line, "", doc.error().message);
    else
      t.take(line, *doc);
    return ++used < budget;
  });
  return used;
}

}  // namespace

Result<size_t> read_records(const std::string& path, const std::string& name, Kind kind,
                            FileMark& mark, size_t budget, Batch& out) {
  Target t{name, kind, out};
  if (std::filesystem::path(name).extension() == ".csv") return read_csv(path, t, mark, budget);
  auto lr = LineReader::open(path, mark.offset);
  if (!lr) return lr.error();
  // Room for the records the rest of the file can hold (at most `budget`), so the
  // batch's vector is not regrown, moving every record, while a big file is read.
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path, ec);
  constexpr uint64_t kSmallestLine = 64;  // bytes; nearly every record line is longer
  if (!ec && size > mark.offset)
    reserve_for(kind, out.records,
                size_t(std::min<uint64_t>(budget, (size - mark.offset) / kSmallestLine + 1)));
  return read_ndjson(*lr, t, mark, budget);
}

}  // namespace dp::files
