#include "writeback/execute.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <unordered_map>

namespace dp::writeback {

Time Calls::now() const {
  return o_.now ? o_.now() : system_now();
}

void Calls::sleep(Seconds s) const {
  if (s.count() <= 0) return;
  if (o_.sleep)
    o_.sleep(s);
  else
    std::this_thread::sleep_for(s);
}

void Calls::pace() {
  if (o_.max_writes_per_second <= 0) return;
  // Whole-second clock: no second gets more writes than the limit.
  Time t = now();
  if (last_write_ && *last_write_ == t) {
    if (++in_second_ >= o_.max_writes_per_second) {
      sleep(Seconds(1));
      in_second_ = 0;
    }
  } else {
    in_second_ = 0;
  }
  last_write_ = now();
}

namespace {

struct Runner {
  Runner(Store& s, const ExecOptions& options) : store(s), o(options), calls(options) {}
  Store& store;
  const ExecOptions& o;
  Calls calls;
  ExecReport report;
  int consecutive_errors = 0;
  uint64_t targets = 0;  // tickets and users in the plan, for the progress

  Time now() const { return calls.now(); }
  bool stopping() const { return o.stop && o.stop->load(); }

  // One request: every due value of one target. Returns false when the run must stop
  // (sink down, ledger failing or asked to stop).
  template <class Write>
  bool run_one(TargetKind kind, const std::string& target, const std::vector<FieldValue>& values,
               Write&& write) {
    if (stopping()) {
      report.stopped_early = true;
      return false;
    }
    SinkResult r = calls.attempt(write);
    ++report.requests;
    if (o.progress) o.progress->step({"write-back", report.requests, targets, "targets"});
    const auto failed = [&](const std::string& field) {
      if (r.ok()) return false;
      return r.failed_fields.empty() || std::find(r.failed_fields.begin(), r.failed_fields.end(),
                                                  field) != r.failed_fields.end();
    };
    size_t landed = 0;
    for (const auto& v : values) {
      if (failed(v.field)) continue;
      // The ledger learns each value that landed at once: a crash repeats none of them.
      auto recorded = store.ledger_record(kind, target, v.field, v.value, now());
      if (!recorded) {
        report.errors.push_back("ledger: " + recorded.error().str());
        report.stopped_early = true;
        return false;
      }
      ++landed;
      ++(v.value.empty() ? report.cleared : report.written);
    }
    if (r.ok()) {
      consecutive_errors = 0;
      return true;
    }
    report.failed += values.size() - landed;
    // The sink's message names the target when it can; otherwise it is named here.
    const std::string label =
        std::string(kind == TargetKind::ticket ? "ticket " : "user ") + target;
    report.errors.push_back(r.message.starts_with(label) ? r.message : label + ": " + r.message);
    if (++consecutive_errors >= o.give_up_after_errors) {
      report.errors.push_back("stopping after " + std::to_string(consecutive_errors) +
                              " failed writes in a row; the rest waits for the next cycle");
      report.stopped_early = true;
      return false;
    }
    return true;
  }
};

// The plan's writes per target, in the order each target first appears.
template <class W, class Target>
std::vector<std::pair<std::string, std::vector<FieldValue>>> by_target(const std::vector<W>& writes,
                                                                       Target target_of) {
  std::vector<std::pair<std::string, std::vector<FieldValue>>> out;
  std::unordered_map<std::string, size_t> at;
  for (const auto& w : writes) {
    auto [it, fresh] = at.try_emplace(target_of(w), out.size());
    if (fresh) out.push_back({it->first, {}});
    auto& values = out[it->second].second;
    // The last value planned for a field wins (a figure planned twice in one plan).
    auto same = std::find_if(values.begin(), values.end(),
                             [&](const FieldValue& v) { return v.field == w.field; });
    if (same != values.end())
      same->value = w.value;
    else
      values.push_back({w.field, w.value});
  }
  return out;
}

}  // namespace

ExecReport execute(const Plan& plan, Sink& sink, Store& store, const ExecOptions& options) {
  Runner run(store, options);
  const auto tickets = by_target(plan.ticket_writes, [](const FieldWrite& w) { return w.ticket; });
  const auto users = by_target(plan.user_writes, [](const UserFieldWrite& w) { return w.agent; });
  run.targets = tickets.size() + users.size();
  for (const auto& [ticket, values] : tickets)
    if (!run.run_one(TargetKind::ticket, ticket, values,
                     // Bound by name: clang 14 cannot capture structured bindings.
                     [&sink, &t = ticket, &v = values] { return sink.write_ticket_fields(t, v); }))
      return run.report;
  for (const auto& [agent, values] : users)
    if (!run.run_one(TargetKind::user, agent, values,
                     [&sink, &a = agent, &v = values] { return sink.write_user_fields(a, v); }))
      return run.report;
  return run.report;
}

SinkResult post_report(const ReportPost& post, Sink& sink, Calls& calls) {
  return calls.attempt([&] { return sink.post_report(post); }, /*idempotent=*/false);
}

}  // namespace dp::writeback
