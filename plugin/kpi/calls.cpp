// Queue call KPIs (docs/kpis.md, "Calls"). A call counts in the window of its offer
// time; outbound calls are left out.
#include "kpi/additive.h"
#include "kpi/call_class.h"
#include "kpi/families.h"
#include "kpi/family.h"

namespace dp::kpi {

namespace {

const std::string kNoCalls = "no call records";

ByKey<CallTally> collect(const Slice& s) {
  ByKey<CallTally> by;
  for (size_t i : s.in.offered.in(s.window)) {
    const Call& c = s.in.data.calls[i];
    by[s.call_key(c)].add(c, s.in.ctx.options);
  }
  return by;
}

// docs/kpis.md, "service_level": three denominators, always side by side.
void service_level(Emitter& e, const std::string& key, const CallTally& q, const Options& o) {
  const std::string within = "answered within " + seconds_text(o.sl_threshold);
  const std::string none = "no calls offered in the window";
  e.rate({"service_level", "rate", "%", within + " / offered calls"}, key, q.in_sl, q.offered,
         none);
  e.rate({"service_level", "rate", "%", within + " / answered calls", "answered"}, key, q.in_sl,
         q.answered, "no calls answered in the window");
  e.rate({"service_level", "rate", "%",
          within + " / (offered - abandoned within " + seconds_text(o.short_abandon) + ")",
          "excl_short_abandon"},
         key, q.in_sl, q.offered - q.short_abandoned, none);
}

// docs/kpis.md, "abandonment_rate"; variant excl_short.
void abandonment(Emitter& e, const std::string& key, const CallTally& q, const Options& o) {
  const std::string none = "no calls offered in the window";
  e.rate({"abandonment_rate", "rate", "%", "abandoned (incl. timeout) / offered calls"}, key,
         q.abandoned, q.offered, none);
  const std::string shorts = "abandoned within " + seconds_text(o.short_abandon);
  e.rate({"abandonment_rate", "rate", "%",
          "(abandoned - " + shorts + ") / (offered - " + shorts + ")", "excl_short"},
         key, q.abandoned - q.short_abandoned, q.offered - q.short_abandoned, none);
}

}  // namespace

void CallTally::add(const Call& c, const Options& o) {
  if (is_blocked(c)) {
    ++blocked;
    return;
  }
  ++offered;
  if (is_answered(c)) {
    ++answered;
    in_sl += c.wait <= o.sl_threshold;
    waits.add(double(c.wait.count()));
    // docs/kpis.md, "Calls in progress": connected, not ended, so its handle time is not
    // known yet; it enters aht when its end arrives (the call is stored again by id).
    if (c.outcome != CallOutcome::in_progress) handles.add(double(handle_time(c).count()));
  } else if (is_abandoned(c)) {
    ++abandoned;
    short_abandoned += c.wait < o.short_abandon;
  }
}

void CallTally::merge(const CallTally& o, int sign) {
  offered += sign * o.offered;
  answered += sign * o.answered;
  in_sl += sign * o.in_sl;
  abandoned += sign * o.abandoned;
  short_abandoned += sign * o.short_abandoned;
  blocked += sign * o.blocked;
  waits.merge(o.waits, sign);
  handles.merge(o.handles, sign);
}

void emit_calls(Emitter& e, const std::string& key, const CallTally& q, const Options& o,
                bool any_calls) {
  auto known = [&](long long c) { return any_calls ? std::optional(c) : std::nullopt; };
  // docs/kpis.md, "calls_offered".
  e.count({"calls_offered", "count", "count", "inbound calls that reached the queue"}, key,
          known(q.offered), kNoCalls);
  // docs/kpis.md, "asa"; variant median.
  e.mean({"asa", "mean", "s", "mean wait of answered calls"}, key, q.waits,
         "no calls answered in the window");
  e.quantile({"asa", "median", "s", "median wait of answered calls", "median"}, key, q.waits, 0.5,
             "no calls answered in the window");
  service_level(e, key, q, o);
  abandonment(e, key, q, o);
  // docs/kpis.md, "blocked_calls": count and % of attempts (offered + blocked).
  e.count({"blocked_calls", "count", "count", "calls refused before queueing"}, key,
          known(q.blocked), kNoCalls);
  e.rate({"blocked_calls", "rate", "%", "blocked calls / call attempts (offered + blocked)"}, key,
         q.blocked, q.offered + q.blocked, "no call attempts in the window");
  // docs/kpis.md, "aht".
  e.mean({"aht", "mean", "s", "(talk + hold + wrap) / answered calls"}, key, q.handles,
         "no calls answered in the window");
}

void call_kpis(const Slice& s, Emitter& e) {
  const ByKey<CallTally> by = collect(s);
  const bool any_calls = !s.in.data.calls.empty();
  for (const auto& key : keys_of(s, by))
    emit_calls(e, key, at_or_empty(by, key), s.in.ctx.options, any_calls);
}

// Partials: an inbound call on the day it was offered.
void call_build(CellBuild& b) {
  for (size_t i = 0; i < b.in.data.calls.size(); ++i) {
    const Call& c = b.in.data.calls[i];
    if (c.direction != Direction::inbound || !b.call(i)) continue;
    Cell& x = b.cell(b.keys.call_key(c), c.offered_at);
    x.present++;
    x.calls.add(c, b.in.ctx.options);
  }
}

void call_emit(const WindowCells& w, Emitter& e) {
  w.each([&](const std::string& key, const Cell& c) {
    emit_calls(e, key, c.calls, w.options, w.any_calls);
  });
}

}  // namespace dp::kpi
