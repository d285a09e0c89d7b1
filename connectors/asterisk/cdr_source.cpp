#include "asterisk/cdr_source.h"

#include "asterisk/cdr_merge.h"
#include "model/json.h"

namespace dp::asterisk {

namespace {

struct CdrCursor {
  tail::Position pos;
  Time newest_start{}, newest_end{};
  std::vector<CdrLine> pending;
};

Result<CdrCursor> parse_cursor(const std::string& text) {
  CdrCursor c;
  if (text.empty()) return c;
  auto doc = json::parse(text);
  if (!doc || !doc->IsObject()) return make_error("bad CDR cursor: " + text.substr(0, 80));
  auto pos = tail::read_position(*doc);
  if (!pos) return make_error("bad CDR cursor: " + pos.error().message);
  c.pos = *pos;
  c.newest_start = Time{Seconds{json::get_int(*doc, "newest_start").value_or(0)}};
  c.newest_end = Time{Seconds{json::get_int(*doc, "newest_end").value_or(0)}};
  if (const auto* p = json::member(*doc, "pending"); p && p->IsArray()) {
    for (const auto& item : p->GetArray()) {
      if (!item.IsArray() || item.Size() != 2 || !item[0].IsString() || !item[1].IsString())
        return make_error("bad pending line in CDR cursor");
      c.pending.push_back({item[0].GetString(), item[1].GetString()});
    }
  }
  return c;
}

std::string format_cursor(const tail::Position& pos, const CdrMerger& m) {
  json::Writer w;
  w.obj_begin();
  tail::write_position(w, pos);
  w.field("newest_start", int64_t(m.newest_start().time_since_epoch().count()));
  w.field("newest_end", int64_t(m.newest_end().time_since_epoch().count()));
  w.key("pending");
  w.arr_begin();
  for (const auto& l : m.pending_lines()) {
    w.arr_begin();
    w.value(l.where);
    w.value(l.text);
    w.arr_end();
  }
  w.arr_end();
  w.obj_end();
  return w.str();
}

}  // namespace

Result<Batch> CdrSource::poll(const std::string& cursor_text) {
  auto cursor = parse_cursor(cursor_text);
  if (!cursor) return cursor.error();
  CdrMerger merger(opt_);
  merger.set_newest(cursor->newest_start, cursor->newest_end);
  for (const auto& line : cursor->pending) merger.feed(line);
  (void)merger.take_rejections();  // reported when first read

  auto read = this->read(cursor->pos, opt_.batch_lines);
  if (!read) return read.error();
  ReplacedBytes replaced;
  for (auto& l : read->lines) {
    replaced.see(l.where, l.text);
    merger.feed({std::move(l.where), std::move(l.text)});
  }
  merger.close_complete(!read->more);
  Batch batch;
  replaced.warn(batch.warnings);
  batch.records.calls = merger.take_calls();
  batch.rejected = std::move(read->notes);
  for (auto& r : merger.take_rejections()) batch.rejected.push_back(std::move(r));
  batch.cursor = format_cursor(read->next, merger);
  batch.more = read->more;
  return batch;
}

Result<Batch> read_cdr_file(const std::string& path, const CdrOptions& options) {
  CdrMerger merger(options);
  Batch batch;
  ReplacedBytes replaced;
  auto read = for_each_line(
      path,
      [&](uint64_t n, std::string_view text) {
        merger.feed({path + ":" + std::to_string(n), std::string(text)});
      },
      batch.rejected, &replaced);
  if (!read) return read.error();
  replaced.warn(batch.warnings);
  merger.finish();
  batch.records.calls = merger.take_calls();
  for (auto& r : merger.take_rejections()) batch.rejected.push_back(std::move(r));
  return batch;
}

}  // namespace dp::asterisk
