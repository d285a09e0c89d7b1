#include "asterisk/queue_log_source.h"

#include "asterisk/cdr.h"
#include "asterisk/text.h"
#include "model/json.h"

namespace dp::asterisk {

namespace {

struct QueueLogCursor {
  tail::Position pos;
  uint64_t seq = 0;
  std::vector<LogLine> pending;
};

Result<QueueLogCursor> parse_cursor(const std::string& text) {
  QueueLogCursor c;
  if (text.empty()) return c;
  auto doc = json::parse(text);
  if (!doc || !doc->IsObject()) return make_error("bad queue_log cursor: " + text.substr(0, 80));
  auto pos = tail::read_position(*doc);
  if (!pos) return make_error("bad queue_log cursor: " + pos.error().message);
  c.pos = *pos;
  c.seq = uint64_t(json::get_int(*doc, "seq").value_or(0));
  if (const auto* p = json::member(*doc, "pending"); p && p->IsArray()) {
    for (const auto& item : p->GetArray()) {
      if (!item.IsArray() || item.Size() != 3 || !item[0].IsInt64() || !item[1].IsString() ||
          !item[2].IsString())
        return make_error("bad pending line in queue_log cursor");
      c.pending.push_back({uint64_t(item[0].GetInt64()), item[1].GetString(), item[2].GetString()});
    }
  }
  return c;
}

std::string format_cursor(const QueueLogCursor& c) {
  json::Writer w;
  w.obj_begin();
  tail::write_position(w, c.pos);
  w.field("seq", int64_t(c.seq));
  w.key("pending");
  w.arr_begin();
  for (const auto& l : c.pending) {
    w.arr_begin();
    w.value(int64_t(l.seq));
    w.value(l.where);
    w.value(l.text);
    w.arr_end();
  }
  w.arr_end();
  w.obj_end();
  return w.str();
}

}  // namespace

Result<Batch> QueueLogSource::poll(const std::string& cursor_text) {
  auto cursor = parse_cursor(cursor_text);
  if (!cursor) return cursor.error();
  CallAssembler assembler(opt_);
  for (const auto& line : cursor->pending) assembler.feed(line);
  (void)assembler.take_rejections();  // reported when first read
  Batch batch;
  batch.records = assembler.take_records();  // none: replayed lines finish nothing

  auto read = this->read(cursor->pos, opt_.batch_lines);
  if (!read) return read.error();
  uint64_t seq = cursor->seq;
  // Sanitised here because unfinished lines go into the cursor, which must be valid JSON.
  ReplacedBytes replaced;
  for (auto& l : read->lines) {
    replaced.see(l.where, l.text);
    assembler.feed(LogLine{++seq, std::move(l.where), sanitize_utf8(l.text)});
  }
  replaced.warn(batch.warnings);
  // Calls connected by this poll's lines and not ended yet: stored now as in progress
  // (answered, wait known), replaced by the finished call when its end line is read.
  assembler.emit_in_progress(cursor->seq);

  batch.records.append(assembler.take_records());
  batch.rejected = std::move(read->notes);
  for (auto& r : assembler.take_rejections()) batch.rejected.push_back(std::move(r));
  batch.cursor = format_cursor({read->next, seq, assembler.pending_lines()});
  batch.more = read->more;
  return batch;
}

Result<Batch> read_queue_log_file(const std::string& path, const QueueLogOptions& options,
                                  AssemblerStats* stats) {
  CallAssembler assembler(options);
  std::vector<Rejection> bad_lines;
  ReplacedBytes replaced;
  auto read = for_each_line(
      path,
      [&](uint64_t n, std::string_view text) {
        assembler.feed(LogLine{n, path + ":" + std::to_string(n), std::string(text)});
      },
      bad_lines, &replaced);
  if (!read) return read.error();
  assembler.finish();
  const AssemblerStats& st = assembler.stats();
  Batch batch;
  if (st.connected_at_end + st.waiting_at_end > 0)
    batch.warnings.push_back(
        std::to_string(st.connected_at_end + st.waiting_at_end) +
        " call(s) in progress at the end of " + path + ": " + std::to_string(st.connected_at_end) +
        " connected to an agent (counted as offered and answered, in handle time once they "
        "end), " +
        std::to_string(st.waiting_at_end) + " still waiting in a queue (counted once they end)");
  batch.records = assembler.take_records();
  batch.rejected = std::move(bad_lines);
  for (auto& r : assembler.take_rejections()) batch.rejected.push_back(std::move(r));
  replaced.warn(batch.warnings);
  if (stats) *stats = st;
  if (!options.cdr_path.empty()) {
    CdrOptions cdr_opt;
    cdr_opt.time_zone = options.time_zone;
    ReplacedBytes cdr_replaced;
    auto cdrs = read_cdr_records(options.cdr_path, cdr_opt, batch.rejected, &cdr_replaced);
    cdr_replaced.warn(batch.warnings);
    if (!cdrs) return cdrs.error();
    enrich_with_cdrs(batch.records.calls, *cdrs);
  }
  return batch;
}

}  // namespace dp::asterisk
