#include "asterisk/cdr_source.h"

#include <algorithm>
#include <fstream>

#include "asterisk/cdr.h"
#include "asterisk/tail.h"
#include "asterisk/text.h"
#include "model/json.h"

namespace dp::asterisk {

namespace {

// One CDR line into `batch`: a call, a rejection, or nothing (filtered out).
void take_line(const std::string& where, const std::string& text, const CdrOptions& opt,
               Batch& batch) {
  if (trim(text).empty()) return;
  auto rec = parse_cdr_line(text, opt.time_zone);
  if (!rec) return batch.rejected.push_back({where, "", rec.error().message});
  if (opt.skip_queue_calls && is_queue_cdr(*rec)) return;
  auto call = cdr_to_call(*rec, opt);
  if (!call) return batch.rejected.push_back({where, "billsec", call.error().message});
  if (!opt.queues.empty() &&
      std::find(opt.queues.begin(), opt.queues.end(), call->queue) == opt.queues.end())
    return;
  batch.records.calls.push_back(std::move(*call));
}

}  // namespace

Result<Batch> CdrSource::poll(const std::string& cursor) {
  TailPosition from;
  if (!cursor.empty()) {
    auto doc = json::parse(cursor);
    if (!doc || !doc->IsObject()) return make_error("bad CDR cursor: " + cursor.substr(0, 80));
    from = read_position(*doc);
  }
  auto read = tail_read(path_, from, opt_.batch_lines);
  if (!read) return read.error();
  Batch batch;
  batch.rejected = std::move(read->notes);
  for (const auto& l : read->lines) take_line(l.where, l.text, opt_, batch);
  json::Writer w;
  w.obj_begin();
  write_position(w, read->next);
  w.obj_end();
  batch.cursor = w.str();
  batch.more = read->more;
  return batch;
}

Result<Batch> read_cdr_file(const std::string& path, const CdrOptions& options) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error("cannot read " + path);
  Batch batch;
  std::string text;
  size_t n = 0;
  while (std::getline(in, text)) take_line(path + ":" + std::to_string(++n), text, options, batch);
  return batch;
}

}  // namespace dp::asterisk
