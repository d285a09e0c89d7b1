#include "writeback/execute.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace dp::writeback {
namespace {

struct Runner {
  Sink& sink;
  Store& store;
  const ExecOptions& o;
  ExecReport report;
  int consecutive_errors = 0;
  std::optional<Time> last_write;
  int in_second = 0;  // writes made in the second `last_write`

  Time now() const {
    return o.now ? o.now()
                 : std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now());
  }
  void sleep(Seconds s) const {
    if (s.count() <= 0) return;
    if (o.sleep)
      o.sleep(s);
    else
      std::this_thread::sleep_for(s);
  }
  bool stopping() const { return o.stop && o.stop->load(); }

  void pace() {
    if (o.max_writes_per_second <= 0) return;
    // Whole-second clock: no second gets more writes than the limit.
    Time t = now();
    if (last_write && *last_write == t) {
      if (++in_second >= o.max_writes_per_second) {
        sleep(Seconds(1));
        in_second = 0;
      }
    } else {
      in_second = 0;
    }
    last_write = now();
  }

  // Returns false when the run must stop (sink down or asked to stop).
  template <class Write>
  bool run_one(TargetKind kind, const std::string& target, const std::string& field,
               const std::string& value, Write&& write) {
    if (stopping()) {
      report.stopped_early = true;
      return false;
    }
    SinkResult r;
    for (int attempt = 1; attempt <= std::max(1, o.max_attempts); ++attempt) {
      pace();
      r = write();
      if (r.status != SinkStatus::retry && r.status != SinkStatus::rate_limited) break;
      if (attempt < o.max_attempts) sleep(std::min(r.retry_after.value_or(Seconds(1)), o.max_wait));
    }
    if (r.ok()) {
      consecutive_errors = 0;
      auto recorded = store.ledger_record(kind, target, field, value, now());
      if (!recorded) {
        report.errors.push_back("ledger: " + recorded.error().str());
        report.stopped_early = true;
        return false;
      }
      ++report.written;
      return true;
    }
    ++report.failed;
    report.errors.push_back(std::string(kind == TargetKind::ticket ? "ticket " : "user ") + target +
                            " field '" + field + "': " + r.message);
    if (++consecutive_errors >= o.give_up_after_errors) {
      report.errors.push_back("stopping after " + std::to_string(consecutive_errors) +
                              " failed writes in a row; the rest waits for the next cycle");
      report.stopped_early = true;
      return false;
    }
    return true;
  }
};

}  // namespace

ExecReport execute(const Plan& plan, Sink& sink, Store& store, const ExecOptions& options) {
  Runner run{sink, store, options, {}, 0, std::nullopt, 0};
  for (const auto& w : plan.ticket_writes)
    if (!run.run_one(TargetKind::ticket, w.ticket, w.field, w.value,
                     [&] { return sink.write_field(w); }))
      return run.report;
  for (const auto& w : plan.user_writes)
    if (!run.run_one(TargetKind::user, w.agent, w.field, w.value,
                     [&] { return sink.write_user_field(w); }))
      return run.report;
  return run.report;
}

}  // namespace dp::writeback
