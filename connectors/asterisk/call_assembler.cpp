#include "asterisk/call_assembler.h"

#include <algorithm>

#include "asterisk/text.h"
#include "model/json.h"

namespace dp::asterisk {

namespace {

std::string key_of(const QueueLogEvent& ev) {
  return ev.callid + '|' + ev.queue;
}
std::string call_id(const QueueLogEvent& ev) {
  return "asterisk:" + ev.callid + ":" + ev.queue;
}
bool is_pause(const QueueLogEvent& ev) {
  return ev.event == "PAUSE" || ev.event == "PAUSEALL";
}
Seconds at_least_zero(Seconds s) {
  return s < Seconds{0} ? Seconds{0} : s;
}

bool is_ignored(const std::string& e) {
  return e == "CONFIGRELOAD" || e == "SYSCOMPAT" || e == "INFO" || e == "DID" ||
         e == "ENTERQUEUECOMPAT";
}

}  // namespace

void CallAssembler::reject(const LogLine& line, std::string field, std::string message) {
  rejected_.push_back({line.where, std::move(field), std::move(message)});
}

void CallAssembler::feed(const LogLine& line) {
  ++stats_.lines;
  if (trim(line.text).empty() || is_queue_log_header(line.text)) {
    ++stats_.ignored;
    return;
  }
  auto parsed = parse_queue_log_line(line.text, opt_.time_zone);
  if (!parsed) return reject(line, parsed.error().where, parsed.error().message);
  const QueueLogEvent& ev = *parsed;
  if (last_at_ && ev.at < *last_at_)
    reject(line, "time",
           "clock went backwards by " + std::to_string((*last_at_ - ev.at).count()) +
               " s; line kept, durations clamped at 0");
  last_at_ = last_at_ ? std::max(*last_at_, ev.at) : ev.at;
  bool all_queues = ev.queue == "NONE" || ev.queue.empty();
  if (!opt_.queues.empty() && !all_queues &&
      std::find(opt_.queues.begin(), opt_.queues.end(), ev.queue) == opt_.queues.end()) {
    ++stats_.ignored;
    return;
  }
  resolve_wrapups(ev, line);
  if (ev.at >= next_sweep_) {
    drop_stale(ev.at);
    next_sweep_ = ev.at + Seconds{60};
  }
  dispatch(ev, line);
}

void CallAssembler::drop_stale(Time now) {
  while (!by_start_.empty() && now - by_start_.begin()->first > kMaxCallLength) {
    auto entry = by_start_.extract(by_start_.begin());
    ++stats_.sweep_visits;
    auto it = open_.find(entry.mapped());
    if (it == open_.end() || it->second.indexed != entry.key()) continue;  // closed, or moved
    reject(it->second.lines.front(), "",
           "call " + it->second.call.id + " had no end within 24 h; not counted");
    open_.erase(it);
  }
}

void CallAssembler::index(const std::string& key, Open& o) {
  o.indexed = o.call.offered_at;
  by_start_.emplace(o.indexed, key);
}

void CallAssembler::on_restart(const LogLine& line) {
  // app_queue writes QUEUESTART when it loads: Asterisk restarted and every call that
  // was in a queue is gone without an end line. Waiting for one would keep them
  // pending forever.
  for (auto& [key, o] : open_)
    reject(o.lines.front(), "",
           "call " + o.call.id + " cut by an Asterisk restart (QUEUESTART at " + line.where +
               "); not counted");
  open_.clear();
  by_start_.clear();
  for (auto& a : awaiting_) emit(std::move(a.call), configured_wrap(a.call.queue));
  awaiting_.clear();
  ++stats_.ignored;
}

void CallAssembler::dispatch(const QueueLogEvent& ev, const LogLine& line) {
  const std::string& e = ev.event;
  if (e == "ENTERQUEUE") return on_enter(ev, line);
  if (e == "CONNECT") return on_connect(ev, line);
  if (e == "COMPLETEAGENT" || e == "COMPLETECALLER")
    return on_answered_end(ev, line, 1, 2, CallOutcome::answered);
  if (e == "TRANSFER" || e == "BLINDTRANSFER")
    return on_answered_end(ev, line, 3, 4, CallOutcome::transferred);
  if (e == "ATTENDEDTRANSFER") {
    // BRIDGE|id|hold|talk|pos and APP|app|hold|talk|pos, but LINK names two channels:
    // LINK|chan1|chan2|hold|talk|pos.
    size_t shift = ev.arg(1) == "LINK" ? 1 : 0;
    return on_answered_end(ev, line, 3 + shift, 4 + shift, CallOutcome::transferred);
  }
  if (e == "ABANDON") return on_unanswered_end(ev, line, 3, CallOutcome::abandoned);
  if (e == "EXITWITHTIMEOUT" || e == "EXITEMPTY" || e == "LEAVEEMPTY")
    return on_unanswered_end(ev, line, 3, CallOutcome::timeout);
  if (e == "EXITWITHKEY") return on_unanswered_end(ev, line, 4, CallOutcome::voicemail);
  if (e == "FULL" || e == "JOINEMPTY" || e == "JOINUNAVAIL") return on_blocked(ev, line);
  if (e == "RINGNOANSWER" || e == "RINGCANCELED") return on_ring(ev, line);
  if (e == "QUEUESTART") return on_restart(line);
  if (sessions_.feed(ev, line, out_, rejected_)) return;
  if (is_ignored(e)) {
    ++stats_.ignored;
    return;
  }
  ++stats_.unknown[e];
}

void CallAssembler::on_enter(const QueueLogEvent& ev, const LogLine& line) {
  auto key = key_of(ev);
  if (open_.count(key)) return reject(line, "", "second ENTERQUEUE for a call already queued");
  Open o;
  o.call.id = call_id(ev);
  o.call.queue = ev.queue;
  o.call.caller = ev.arg(2);
  o.call.offered_at = ev.at;
  o.call.extra = ev.callid;  // the callid until close_call() writes the JSON
  o.lines.push_back(line);
  index(key, open_.emplace(key, std::move(o)).first->second);
}

void CallAssembler::on_blocked(const QueueLogEvent& ev, const LogLine& line) {
  if (open_.count(key_of(ev)))
    return reject(line, "", ev.event + " for a call already in the queue; line ignored");
  Call c;
  c.id = call_id(ev);
  c.queue = ev.queue;
  c.caller = ev.arg(2);
  c.offered_at = ev.at;
  c.ended_at = ev.at;
  c.outcome = CallOutcome::blocked;
  json::Writer w;
  w.obj_begin();
  w.field("uniqueid", ev.callid);
  w.field("reason", ev.event);
  w.obj_end();
  c.extra = w.str();
  emit(std::move(c), Seconds{0});
}

Seconds CallAssembler::number_arg(const QueueLogEvent& ev, size_t n, Seconds fallback,
                                  const LogLine& line) {
  const std::string& text = ev.arg(n);
  if (auto v = parse_duration_arg(text)) return *v;
  std::string field = "data" + std::to_string(n);
  if (!text.empty())
    reject(line, field,
           "'" + text + "' is not a duration (0 to " + std::to_string(kLongestDuration.count()) +
               " s); taken from the timestamps");
  if (fallback < Seconds{0})
    reject(line, field, "negative duration from the timestamps; counted as 0");
  if (fallback > kLongestDuration) {
    // Timestamps decades apart (a line with a bad clock): no call lasts that long.
    reject(line, field, "duration from the timestamps is more than 10 years; counted as 0");
    return Seconds{0};
  }
  return at_least_zero(fallback);
}

CallAssembler::Open* CallAssembler::find_or_report(const QueueLogEvent& ev, const LogLine& line) {
  auto it = open_.find(key_of(ev));
  if (it != open_.end()) return &it->second;
  // The ENTERQUEUE is missing (file began mid-call, or the order is impossible): rebuild
  // the call from the durations this event carries, and say so.
  reject(line, "", ev.event + " without ENTERQUEUE; call rebuilt from the event's durations");
  Open o;
  o.call.id = call_id(ev);
  o.call.queue = ev.queue;
  o.call.offered_at = ev.at;
  o.call.extra = ev.callid;
  auto key = key_of(ev);
  Open& added = open_.emplace(key, std::move(o)).first->second;
  index(key, added);
  return &added;
}

void CallAssembler::on_connect(const QueueLogEvent& ev, const LogLine& line) {
  bool known = open_.count(key_of(ev)) > 0;
  Open* o = find_or_report(ev, line);
  if (o->connected) return reject(line, "", "second CONNECT for a call; line ignored");
  Seconds wait = number_arg(ev, 1, ev.at - o->call.offered_at, line);
  if (!known) {
    o->call.offered_at = ev.at - wait;
    index(key_of(ev), *o);  // aged from the start the holdtime gives
  }
  o->call.agent = ev.agent;
  o->call.answered_at = ev.at;
  o->call.wait = wait;
  o->connected = true;
  o->connect_seq = line.seq;
  o->lines.push_back(line);
}

void CallAssembler::on_answered_end(const QueueLogEvent& ev, const LogLine& line, size_t hold_n,
                                    size_t talk_n, CallOutcome outcome) {
  bool known = open_.count(key_of(ev)) > 0;
  Open* o = find_or_report(ev, line);
  if (!o->connected) {
    if (known)
      reject(line, "", ev.event + " without CONNECT; answer time rebuilt from the talk time");
    Seconds talk = number_arg(ev, talk_n, Seconds{0}, line);
    Seconds hold = number_arg(ev, hold_n, ev.at - talk - o->call.offered_at, line);
    if (!known) o->call.offered_at = ev.at - talk - hold;
    o->call.answered_at = ev.at - talk;
    o->call.wait = hold;
    o->call.agent = ev.agent;
  }
  o->call.talk = number_arg(ev, talk_n, ev.at - *o->call.answered_at, line);
  close_call(ev, line, outcome);
}

void CallAssembler::on_unanswered_end(const QueueLogEvent& ev, const LogLine& line, size_t wait_arg,
                                      CallOutcome outcome) {
  auto it = open_.find(key_of(ev));
  if (it != open_.end() && it->second.connected)
    return reject(line, "", ev.event + " after CONNECT; line ignored");
  bool known = it != open_.end();
  Open* o = find_or_report(ev, line);
  Seconds wait = number_arg(ev, wait_arg, ev.at - o->call.offered_at, line);
  if (!known) o->call.offered_at = ev.at - wait;
  o->call.wait = wait;
  close_call(ev, line, outcome);
}

void CallAssembler::on_ring(const QueueLogEvent& ev, const LogLine& line) {
  // Ring attempts carry milliseconds, not seconds; they change nothing in the call
  // (CONNECT's holdtime already includes ringing), so only their form is checked.
  auto ms = parse_int_in(ev.arg(1), 0, kLongestDuration.count() * 1000);
  if (!ev.arg(1).empty() && !ms)
    reject(line, "data1", "ring time '" + ev.arg(1) + "' is not a number of milliseconds");
}

void CallAssembler::close_call(const QueueLogEvent& last, const LogLine& line,
                               CallOutcome outcome) {
  auto it = open_.find(key_of(last));
  Open o = std::move(it->second);
  open_.erase(it);
  o.call.ended_at = last.at;
  o.call.outcome = outcome;
  o.lines.push_back(line);
  json::Writer w;
  w.obj_begin();
  w.field("uniqueid", o.call.extra);
  if (o.call.outcome != CallOutcome::abandoned) w.field("reason", last.event);
  if (last.event == "EXITWITHKEY") w.field("key", last.arg(1));
  if (o.call.outcome == CallOutcome::transferred) {
    w.field("transfer", last.arg(1) == "BRIDGE" || last.arg(1) == "LINK" || last.arg(1) == "APP"
                            ? last.arg(1) + ":" + last.arg(2)
                            : last.arg(1) + "@" + last.arg(2));
  }
  w.obj_end();
  o.call.extra = w.str();
  if (!o.call.agent) return emit(std::move(o.call), Seconds{0});
  if (opt_.wrapup_pause_reason.empty())
    return emit(std::move(o.call), configured_wrap(o.call.queue));
  awaiting_.push_back({std::move(o.call), std::move(o.lines), std::nullopt});
}

void CallAssembler::resolve_wrapups(const QueueLogEvent& ev, const LogLine& line) {
  for (size_t i = 0; i < awaiting_.size();) {
    Awaiting& a = awaiting_[i];
    Time end = *a.call.ended_at;
    bool mine = ev.agent == *a.call.agent;
    bool resolved = false;
    Seconds wrap = configured_wrap(a.call.queue);
    if (!a.pause_start) {
      if (mine && is_pause(ev) && ev.arg(1) == opt_.wrapup_pause_reason && ev.at >= end &&
          ev.at - end <= kWrapPauseGrace) {
        a.pause_start = ev.at;
        a.lines.push_back(line);
      } else {
        resolved = mine || ev.at > end + kWrapPauseGrace;
      }
    } else if (mine && !is_pause(ev)) {
      // Wrap-up runs from the end of the call to the end of the wrap-up pause.
      wrap = at_least_zero(ev.at - end);
      resolved = true;
    } else if (mine) {
      a.lines.push_back(line);  // the same pause written for another queue
    }
    if (resolved) {
      emit(std::move(a.call), wrap);
      awaiting_.erase(awaiting_.begin() + long(i));
    } else {
      ++i;
    }
  }
}

Seconds CallAssembler::configured_wrap(const std::string& queue) const {
  auto it = opt_.wrapuptime_by_queue.find(queue);
  return it != opt_.wrapuptime_by_queue.end() ? it->second : opt_.wrapuptime;
}

// The last gate: a call rebuilt from durations near the epoch (ENTERQUEUE missing,
// holdtime larger than the timestamp) could start before 1970. Every call keeps the
// record bounds or is a rejection.
void CallAssembler::emit(Call&& c, Seconds wrap) {
  c.wrap = wrap;
  auto in_bounds = [](Time t) { return t >= kEarliestTime && t <= kLatestTime; };
  bool ok = in_bounds(c.offered_at) && (!c.answered_at || in_bounds(*c.answered_at)) &&
            (!c.ended_at || in_bounds(*c.ended_at));
  for (Seconds d : {c.wait, c.talk, c.hold, c.wrap})
    ok = ok && d >= Seconds{0} && d <= kLongestDuration;
  if (!ok) {
    rejected_.push_back({"call " + c.id, "time",
                         "its times fall outside 1970..9999 or a duration is over 10 years "
                         "(rebuilt from the durations of a line near the epoch); not counted"});
    return;
  }
  out_.calls.push_back(std::move(c));
}

size_t CallAssembler::emit_in_progress(uint64_t after_seq) {
  size_t n = 0;
  for (const auto& [key, o] : open_) {
    if (!o.connected || o.connect_seq <= after_seq) continue;
    // Answered with its wait known; its talk and wrap-up are not known until it ends.
    Call c = o.call;
    c.ended_at.reset();
    c.talk = c.hold = Seconds{0};
    c.outcome = CallOutcome::in_progress;
    json::Writer w;
    w.obj_begin();
    w.field("uniqueid", o.call.extra);  // the callid until close_call()
    w.field("reason", "CONNECT");
    w.obj_end();
    c.extra = w.str();
    emit(std::move(c), Seconds{0});
    ++n;
  }
  return n;
}

void CallAssembler::finish() {
  for (auto& a : awaiting_) emit(std::move(a.call), configured_wrap(a.call.queue));
  awaiting_.clear();
  stats_.connected_at_end = emit_in_progress(0);
  stats_.waiting_at_end = open_.size() - stats_.connected_at_end;
  open_.clear();
  by_start_.clear();
  if (last_at_) sessions_.close_all(*last_at_, out_, rejected_);
}

Records CallAssembler::take_records() {
  return std::exchange(out_, Records{});
}

std::vector<Rejection> CallAssembler::take_rejections() {
  return std::exchange(rejected_, {});
}

std::vector<LogLine> CallAssembler::pending_lines() const {
  std::vector<LogLine> lines;
  for (auto& [key, o] : open_) lines.insert(lines.end(), o.lines.begin(), o.lines.end());
  for (auto& a : awaiting_) lines.insert(lines.end(), a.lines.begin(), a.lines.end());
  sessions_.collect_pending(lines);
  std::sort(lines.begin(), lines.end(), [](auto& a, auto& b) { return a.seq < b.seq; });
  lines.erase(
      std::unique(lines.begin(), lines.end(), [](auto& a, auto& b) { return a.seq == b.seq; }),
      lines.end());
  return lines;
}

}  // namespace dp::asterisk
