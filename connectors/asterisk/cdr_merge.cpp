#include "asterisk/cdr_merge.h"

#include <algorithm>

#include "asterisk/text.h"
#include "model/json.h"

namespace dp::asterisk {

namespace {

std::string queue_of(const CdrRecord& r, const CdrOptions& opt) {
  if (is_queue_cdr(r)) return r.lastdata.substr(0, r.lastdata.find_first_of(",|"));
  if (auto it = opt.queue_by_context.find(r.dcontext); it != opt.queue_by_context.end())
    return it->second;
  return r.dcontext;
}

}  // namespace

std::string cdr_group_key(const CdrRecord& r) {
  return r.linkedid.empty() ? r.uniqueid : r.linkedid;
}

Result<void> check_cdr_leg(const CdrRecord& r) {
  if (r.billsec < Seconds{0} || r.duration < r.billsec)
    return make_error("duration " + std::to_string(r.duration.count()) +
                      " s shorter than billsec " + std::to_string(r.billsec.count()) +
                      " s, or negative");
  // A leg cannot end before it starts nor be answered outside itself: such dates would
  // give a call a wait or length of centuries.
  if (r.end < r.start) return make_error("end is before start");
  if (r.answer && (*r.answer < r.start || *r.answer > r.end))
    return make_error("answer is outside start..end");
  if (r.end - r.start > kLongestDuration) return make_error("leg longer than 10 years");
  return {};
}

Result<Call> merge_cdr_legs(const std::vector<CdrRecord>& legs, const CdrOptions& opt) {
  if (legs.empty()) return make_error("no CDR legs to merge");
  const std::string key = cdr_group_key(legs.front());
  Time start = legs.front().start, end = legs.front().end;
  const CdrRecord* origin = nullptr;    // the caller's channel
  const CdrRecord* earliest = nullptr;  // first by start, then by file order
  const CdrRecord* queue_leg = nullptr;
  const CdrRecord* answered = nullptr;
  bool any_no_answer = false;
  for (const auto& r : legs) {
    start = std::min(start, r.start);
    end = std::max(end, r.end);
    if (!earliest || r.start < earliest->start) earliest = &r;
    if (!origin && !key.empty() && r.uniqueid == key) origin = &r;
    if (!queue_leg && is_queue_cdr(r)) queue_leg = &r;
    if (r.disposition == "NO ANSWER") any_no_answer = true;
    if (r.disposition == "ANSWERED") {
      auto rank = [](const CdrRecord& x) {
        return std::make_pair(!x.dstchannel.empty(), x.billsec.count());
      };
      if (!answered || rank(r) > rank(*answered)) answered = &r;
    }
  }
  if (!origin) origin = earliest;
  // Legs of one linkedid decades apart are not one call.
  if (end - start > kLongestDuration)
    return make_error("the legs of call " + key + " span more than 10 years");

  Call c;
  if (key.empty()) {
    const CdrRecord& r = legs.front();
    c.id = "asterisk:cdr:" + r.channel + "@" + std::to_string(r.start.time_since_epoch().count());
  } else {
    c.id = "asterisk:cdr:" + key;
  }
  c.queue = queue_of(queue_leg ? *queue_leg : *origin, opt);
  c.caller = origin->src;
  c.offered_at = start;
  c.ended_at = end;
  if (answered) {
    c.outcome = CallOutcome::answered;
    Time answer_at = answered->answer ? *answered->answer
                                      : answered->start + (answered->duration - answered->billsec);
    if (answer_at < start) answer_at = start;
    c.wait = answer_at - start;
    c.talk = answered->billsec;
    c.answered_at = answer_at;
    if (!answered->dstchannel.empty()) c.agent = channel_peer(answered->dstchannel);
  } else {
    c.outcome = any_no_answer ? CallOutcome::abandoned : CallOutcome::blocked;
    c.wait = end - start;
  }
  // The disposition that decided the outcome.
  const CdrRecord& decisive = answered ? *answered : *origin;
  std::string disposition = answered        ? std::string("ANSWERED")
                            : any_no_answer ? std::string("NO ANSWER")
                                            : decisive.disposition;
  json::Writer w;
  w.obj_begin();
  if (!origin->uniqueid.empty()) w.field("uniqueid", origin->uniqueid);
  if (!origin->linkedid.empty()) w.field("linkedid", origin->linkedid);
  w.field("disposition", disposition);
  if (!origin->accountcode.empty()) w.field("accountcode", origin->accountcode);
  if (!decisive.userfield.empty()) w.field("userfield", decisive.userfield);
  w.field("lastapp", decisive.lastapp);
  if (legs.size() > 1) w.field("legs", int64_t(legs.size()));
  w.obj_end();
  c.extra = w.str();
  return c;
}

void CdrMerger::feed(const CdrLine& line) {
  if (trim(line.text).empty()) return;
  auto rec = parse_cdr_line(line.text, opt_.time_zone);
  if (!rec) return rejected_.push_back({line.where, rec.error().where, rec.error().message});
  if (auto ok = check_cdr_leg(*rec); !ok)
    return rejected_.push_back({line.where, "billsec", ok.error().message});
  newest_start_ = std::max(newest_start_, rec->start);
  newest_end_ = std::max(newest_end_, rec->end);
  std::string key = cdr_group_key(*rec);
  ++fed_;
  if (key.empty()) {  // 16 columns: nothing to wait for
    Group g{fed_, {std::move(*rec)}, {}, {}};
    return emit(g);
  }
  Group& g = open_[key];
  if (g.legs.empty()) g.order = fed_;
  g.last_end = g.legs.empty() ? rec->end : std::max(g.last_end, rec->end);
  g.legs.push_back(std::move(*rec));
  // Sanitised: the line may go into the cursor, which must be valid JSON.
  g.lines.push_back({line.where, sanitize_utf8(line.text)});
}

void CdrMerger::set_newest(Time start, Time end) {
  newest_start_ = std::max(newest_start_, start);
  newest_end_ = std::max(newest_end_, end);
}

void CdrMerger::close_complete(bool at_end) {
  Time watermark = at_end ? std::max(newest_start_, newest_end_) : newest_start_;
  std::vector<std::pair<uint64_t, std::string>> done;
  for (const auto& [key, g] : open_)
    if (watermark - g.last_end > opt_.merge_window) done.push_back({g.order, key});
  std::sort(done.begin(), done.end());
  for (const auto& [order, key] : done) {
    auto it = open_.find(key);
    emit(it->second);
    open_.erase(it);
  }
}

void CdrMerger::finish() {
  std::vector<Group*> all;
  for (auto& [key, g] : open_) all.push_back(&g);
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->order < b->order; });
  for (auto* g : all) emit(*g);
  open_.clear();
}

std::vector<CdrLine> CdrMerger::pending_lines() const {
  std::vector<const Group*> all;
  for (const auto& [key, g] : open_) all.push_back(&g);
  std::sort(all.begin(), all.end(), [](auto* a, auto* b) { return a->order < b->order; });
  std::vector<CdrLine> out;
  for (const auto* g : all) out.insert(out.end(), g->lines.begin(), g->lines.end());
  return out;
}

void CdrMerger::emit(Group& g) {
  // With a queue_log source beside, a call that went through Queue() is its call.
  if (opt_.skip_queue_calls &&
      std::any_of(g.legs.begin(), g.legs.end(), [](const auto& r) { return is_queue_cdr(r); }))
    return;
  auto call = merge_cdr_legs(g.legs, opt_);
  if (!call) {
    rejected_.push_back({g.lines.empty() ? std::string("cdr") : g.lines.front().where, "",
                         call.error().message + "; call not counted"});
    return;
  }
  if (!opt_.queues.empty() &&
      std::find(opt_.queues.begin(), opt_.queues.end(), call->queue) == opt_.queues.end())
    return;
  calls_.push_back(std::move(*call));
}

}  // namespace dp::asterisk
