#include "files/read_file.h"

#include <filesystem>
#include <functional>

#include "files/csv.h"
#include "files/line_parser.h"
#include "tail/tail.h"

namespace dp::files {
namespace {

bool blank(std::string_view s) {
  return s.find_first_not_of(" \t\r") == std::string_view::npos;
}

// The mark moves with the tail: past each line or record used.
void move(FileMark& mark, const tail::Position& p) {
  static_cast<tail::Position&>(mark) = p;
}

// The id of the record decode_into() appended last ("" when its source gave none: an
// id derived from the content repeats only with the same content).
std::string_view newest_id(Kind k, const Records& r) {
  switch (k) {
    case Kind::agent:
      return r.agents.back().id;
    case Kind::customer:
      return r.customers.back().id;
    case Kind::ticket:
      return r.tickets.back().id;
    case Kind::event:
      return r.events.back().id;
    case Kind::call:
      return r.calls.back().id;
    case Kind::survey:
      return r.surveys.back().id;
    case Kind::session:
      return r.sessions.back().id;
  }
  return {};
}

struct Target {
  std::string name;  // the file's name (with ".1" while its rotated part is read)
  Kind kind;
  Batch& out;
  SeenIds* seen;

  void reject(uint64_t line, std::string field, std::string message) {
    out.rejected.push_back(
        {name + ":" + std::to_string(line), std::move(field), std::move(message)});
  }
  void take(uint64_t line, const json::Value& obj) {
    auto r = decode_into(kind, obj, out.records);
    if (!r) return reject(line, r.error().where, r.error().message);
    if (seen) check_repeat(line, newest_id(kind, out.records));
  }
  void check_repeat(uint64_t line, std::string_view id) {
    if (id.empty()) return;
    auto first = seen->first_line(id, line);
    if (!first || seen->reported > kMaxDuplicateWarnings) return;
    if (++seen->reported > kMaxDuplicateWarnings)
      out.warnings.push_back(name + ": more ids given twice; only the first " +
                             std::to_string(kMaxDuplicateWarnings) + " are listed");
    else
      out.warnings.push_back(name + ":" + std::to_string(line) + ": id '" + std::string(id) +
                             "' is also on line " + std::to_string(*first) +
                             ": the later line is the one stored");
  }
};

Result<size_t> read_ndjson(tail::Tail& tl, Target t, FileMark& mark, size_t budget) {
  size_t used = 0;
  LineParser parser;
  while (used < budget) {
    auto line = tl.next();
    if (!line) break;
    move(mark, tl.position());
    if (line->bad != tail::Bad::none) {
      t.reject(line->number, "", tail::bad_line_message(line->bad));
    } else if (blank(line->text)) {
      continue;
    } else if (auto doc = parser.parse(line->text); !doc) {
      t.reject(line->number, "", doc.error().message);
    } else if (auto dup = repeated_member(**doc)) {
      t.reject(line->number, *dup, "given twice in the line: which one is meant is not clear");
    } else {
      t.take(line->number, **doc);
    }
    ++used;
  }
  if (!tl.error().empty()) return make_error(tl.error());
  return used;
}

// One CSV record as read: whole, cut at a bad line, or with a quote never closed.
struct CsvRecord {
  uint64_t line = 0;  // its first line
  std::string_view text;
  tail::Bad bad = tail::Bad::none;  // a line of it too long, or with NUL bytes
  std::optional<OpenQuote> open;    // set when the quote was never closed
};

// Calls `on_record` for each CSV record (records may span lines); stops when it
// returns false. Advances `mark` past each record. A record whose quote stays open
// past kMaxCsvRecordLines lines or kMaxLine bytes, or to the end of a whole file,
// is passed with `open` set and covers only its first line: reading resumes on the
// next, so one stray quote costs one line, not the rest of the file.
Result<void> csv_records(tail::Tail& tl, FileMark& mark,
                         const std::function<bool(const CsvRecord&)>& on_record) {
  std::string rec;
  uint64_t pending = 0;
  tail::Position first_end;  // just past the record's first line
  tail::Bad bad = tail::Bad::none;
  while (true) {
    auto line = tl.next();
    if (line) {
      if (pending)
        rec += '\n';
      else
        first_end = tl.position();
      rec.append(line->text);
      ++pending;
      if (bad == tail::Bad::none) bad = line->bad;
      if (bad != tail::Bad::none || csv_record_complete(rec)) {
        CsvRecord r{mark.line + 1, rec, bad, std::nullopt};
        move(mark, tl.position());
        bool go_on = (bad == tail::Bad::none && blank(rec)) || on_record(r);
        rec.clear();
        pending = 0;
        bad = tail::Bad::none;
        if (!go_on) return {};
        continue;
      }
      if (pending < kMaxCsvRecordLines && rec.size() < tail::Tail::kMaxLine) continue;
    } else if (!tl.error().empty()) {
      return make_error(tl.error());
    } else if (pending == 0 || !tl.final()) {
      return {};  // a tail: the open record may still be being written
    }
    CsvRecord r{mark.line + 1, rec, tail::Bad::none, csv_open_quote(rec)};
    move(mark, first_end);
    bool go_on = on_record(r);
    rec.clear();
    pending = 0;
    if (!go_on) return {};
    if (auto s = tl.rewind(first_end); !s) return s.error();
  }
}

// The header row: not `ready` while its line is still being written (a tail); an
// error only when the file cannot be read.
struct Header {
  bool ready = false;
  Result<std::vector<CsvCell>> cells = make_error("no header row");
};

// A header whose column names are unique UTF-8 text.
Result<std::vector<CsvCell>> checked_header(Result<std::vector<CsvCell>> cells) {
  if (!cells) return cells;
  std::vector<std::string_view> names;
  for (size_t i = 0; i < cells->size(); ++i) {
    const CsvCell& c = (*cells)[i];
    if (!c) continue;
    if (!valid_utf8(*c))
      return make_error("column " + std::to_string(i + 1) + ": its name is not UTF-8 text");
    names.emplace_back(*c);
  }
  auto dup = repeated_name(std::move(names));
  if (!dup) return cells;
  std::vector<size_t> at;  // the first two columns of that name
  for (size_t i = 0; i < cells->size() && at.size() < 2; ++i)
    if ((*cells)[i] == *dup) at.push_back(i + 1);
  return make_error("column '" + std::string(*dup) + "' appears more than once (columns " +
                    std::to_string(at[0]) + " and " + std::to_string(at[1]) + ")");
}

// At the top of the file the header is read through the tail and `mark` moves past
// it; further down it is read again from the top of the same (open) file.
Result<Header> csv_header(tail::Tail& tl, FileMark& mark) {
  tail::Position resume = tl.position();
  bool at_top = resume.offset == 0;
  FileMark scratch;
  if (!at_top) {
    tail::Position top;
    top.inode = resume.inode;
    if (auto s = tl.rewind(top); !s) return s.error();
  }
  Header h;
  auto read = csv_records(tl, at_top ? mark : scratch, [&](const CsvRecord& r) {
    h.ready = true;
    if (r.bad != tail::Bad::none)
      h.cells = make_error(tail::bad_line_message(r.bad));
    else if (r.open)
      h.cells = make_error("unclosed quote in column " + std::to_string(r.open->cell + 1));
    else
      h.cells = checked_header(split_csv_record(r.text));
    return false;
  });
  if (!read) return read.error();
  if (!at_top)
    if (auto s = tl.rewind(resume); !s) return s.error();
  return h;
}

std::string column_name(const std::vector<CsvCell>& header, size_t i) {
  if (i < header.size() && header[i]) return *header[i];
  return "column " + std::to_string(i + 1);
}

Result<size_t> read_csv(tail::Tail& tl, Target t, FileMark& mark, size_t budget) {
  size_t used = 0;
  if (budget == 0) return used;
  auto head = csv_header(tl, mark);
  if (!head) return head.error();
  if (!head->ready) return used;  // no whole header line yet
  auto& header = head->cells;
  if (!header) {
    // Nothing below a broken header can be read; it is reported on every poll until
    // the file is fixed (a rewrite restarts it from the top).
    t.reject(1, "", "bad CSV header: " + header.error().message);
    return ++used;
  }
  auto read = csv_records(tl, mark, [&](const CsvRecord& r) {
    if (r.bad != tail::Bad::none) {
      t.reject(r.line, "", tail::bad_line_message(r.bad));
    } else if (r.open) {
      t.reject(r.line, column_name(*header, r.open->cell),
               "unclosed quote (opened on line " + std::to_string(r.line + r.open->line) +
                   "): line skipped, reading resumes on the next line");
    } else {
      auto cells = split_csv_record(r.text);
      auto doc =
          cells ? csv_row_to_json(t.kind, *header, *cells) : Result<json::Document>(cells.error());
      if (!doc)
        t.reject(r.line, doc.error().where, doc.error().message);
      else
        t.take(r.line, *doc);
    }
    return ++used < budget;
  });
  if (!read) return read.error();
  return used;
}

}  // namespace

Result<size_t> read_records(const std::string& path, const std::string& name, Kind kind,
                            FileMark& mark, size_t budget, bool whole_file, Batch& out,
                            SeenIds* seen) {
  auto tl = tail::Tail::open(path, mark, {.final = whole_file});
  if (!tl) return tl.error();
  // A rewrite is read again from the top, which the store's upsert makes harmless:
  // a warning, not a rejection.
  for (const auto& n : tl->notes()) out.warnings.push_back(name + ": " + n.message);
  move(mark, tl->position());
  if (seen && mark.offset == 0) *seen = SeenIds();  // read again from the top
  Target t{tl->rotated() ? name + ".1" : name, kind, out, seen};
  Result<size_t> used = size_t(0);
  if (std::filesystem::path(name).extension() == ".csv") {
    used = read_csv(*tl, t, mark, budget);
  } else {
    // Room for the records the rest of the file can hold (at most `budget`), so the
    // batch's vector is not regrown, moving every record, while a big file is read.
    std::error_code ec;
    uint64_t size = std::filesystem::file_size(tl->file(), ec);
    constexpr uint64_t kSmallestLine = 64;  // bytes; nearly every record line is longer
    if (!ec && size > mark.offset)
      reserve_for(kind, out.records,
                  size_t(std::min<uint64_t>(budget, (size - mark.offset) / kSmallestLine + 1)));
    used = read_ndjson(*tl, t, mark, budget);
  }
  move(mark, tl->cursor(mark));
  if (tl->rotated()) out.more = true;  // the new file is read next
  return used;
}

}  // namespace dp::files
