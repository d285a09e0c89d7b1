// DayMerger and compute_from_partials() (kpi/partials.h): stored days merged into each
// window's accumulated cells (kpi/cell_parts.h), and the window's rows from every
// family's emit (kpi/family.h) once its last day is read. Cross-day state some families
// need is kept here: the running sums before a window (open_cases, backlog, the customer
// base), the window before (top_topics) and calls per interval (agents_required).
#include <algorithm>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <iterator>
#include <limits>
#include <mutex>
#include <thread>
#include <tuple>

#include "kpi/cell_parts.h"
#include "kpi/customer_base.h"
#include "kpi/family.h"
#include "kpi/local_days.h"
#include "kpi/partials.h"
#include "kpi/windows.h"

namespace dp::kpi {

using namespace detail;

struct DayMerger::Impl {
  struct WindowState {
    Day from = 0, to = 0;
    Day before_from = 0, before_to = 0;  // the window before (top_topics)
    bool done = false;
    std::array<std::map<std::string, Acc, std::less<>>, Partials::kGroupings> keys;
    std::array<TopicCounts, Partials::kGroupings> before;
    Time start{};  // of the window (agents_required's intervals count from it)
    std::array<IntervalCounts, Partials::kGroupings> intervals;
    // The customer base: its sums before the window's first day, and its churns.
    std::optional<CustomerDay> customers_before;
    long long churned = 0;
    // Of the emitting thread (emit()): its rows, and whether they are ready.
    std::vector<Row> rows;
    bool emitted = false;
  };
  const Options& options;
  Request req;
  std::set<std::string> wanted;
  bool any_calls = false, any_tickets = false, any_sessions = false, any_customers = false;
  bool staffing = false;  // agents_required: intervals per window
  LocalDays local;
  Time day_start{};
  std::array<bool, Partials::kGroupings> grouped{};
  // open_cases and backlog: the sums of every day read so far, per key.
  bool waiting = false;
  std::array<std::map<std::string, Waiting, std::less<>>, Partials::kGroupings> running;
  // The customer base (overall): the sums of every day read so far (their churns are
  // not read: each window counts its own).
  bool customers = false;
  CustomerDay customer_sums;
  std::vector<WindowState> windows;
  std::vector<size_t> open;         // windows containing `day`
  std::vector<size_t> open_before;  // windows whose window before contains `day`
  std::function<void(std::vector<Row>&)> sink;
  std::vector<Row> out;
  std::vector<Row> spare;  // a handed-on window's rows, emptied: the next one fills them
  size_t emitted = 0;      // windows [0, emitted) are handed on
  Day day = 0;
  bool started = false;
  CellParts scratch;

  Impl(const Options& o, const std::string& zone) : options(o), local(zone) {}
  // A running sums' row of the current day.
  void add_history(GroupBy by, std::string_view key, const Waiting& change,
                   const CustomerDay& customers);

  // The customer base over window w, once every day before its end is read.
  CustomerBase customer_base(const WindowState& w) const {
    const CustomerDay& start = w.customers_before ? *w.customers_before : customer_sums;
    const CustomerDay& end = customer_sums;
    CustomerBase b;
    b.start = start.seen.n - start.gone;
    b.end = end.seen.n - end.gone;
    b.acquired = end.seen.n - start.seen.n;
    b.referred = end.referred - start.referred;
    b.churned = w.churned;
    // Active: seen before the end, less those ended before the start (seen before it
    // too), less those seen before the end that ended before their first sighting and
    // before the start.
    CustomerDay::Active active = end.seen;
    active.merge(start.ended, -1);
    for (auto odd = end.odd.begin(); odd != end.odd.end() && odd->first < w.from; ++odd)
      active.merge(odd->second, -1);
    b.active = active.n;
    b.with_revenue = active.with;
    b.revenue = active.revenue;
    return b;
  }

  // A window's merged state, once every day before its end is read: its rows are
  // emitted from it, on the emitting thread when there is one.
  struct Ended {
    size_t index = 0;
    std::array<std::map<std::string, Acc, std::less<>>, Partials::kGroupings> keys;
    std::array<TopicCounts, Partials::kGroupings> before;
    std::array<IntervalCounts, Partials::kGroupings> intervals;
    std::array<std::map<std::string, Waiting, std::less<>>, Partials::kGroupings> waiting;
    CustomerBase customers;
  };

  void flush(WindowState& w, size_t index) {
    Ended e{index,
            std::move(w.keys),
            std::move(w.before),
            std::move(w.intervals),
            {},
            customers ? customer_base(w) : CustomerBase{}};
    if (waiting)
      for (GroupBy by : req.groupings) e.waiting[size_t(by)] = running[size_t(by)];
    w.keys = {};
    w.before = {};
    w.intervals = {};
    w.done = true;
    emitting.submit(std::move(e));
  }

  // Windows are emitted as they end and handed on in the request's order (bucketed
  // windows end in that order): to the sink when there is one, else into `out`.
  void emit(Ended& e) {
    std::vector<Row>& rows = windows[e.index].rows;
    if (rows.capacity() == 0) rows.swap(spare);
    for (GroupBy by : req.groupings) {
      std::map<std::string, Cell> merged;
      for (const auto& [key, acc] : e.keys[size_t(by)]) merged.emplace(key, acc.cell());
      if (by == GroupBy::overall) merged.try_emplace("");
      for (const auto& [key, sum] : e.waiting[size_t(by)]) merged[key].waiting = sum;
      const Window& window = req.windows[e.index];
      const WindowCells cells{by,
                              window,
                              options,
                              merged,
                              e.before[size_t(by)],
                              e.intervals[size_t(by)],
                              e.customers,
                              any_calls,
                              any_tickets,
                              any_sessions,
                              any_customers};
      Emitter out(window, by, options, wanted, rows);
      for (const Family& f : families())
        if (f.wanted(out)) f.emit(cells, out);
    }
    windows[e.index].emitted = true;
    for (; emitted < windows.size() && windows[emitted].emitted; ++emitted) {
      std::vector<Row>& done = windows[emitted].rows;
      if (sink) {
        sink(done);
      } else {
        if (out.empty()) out.reserve(done.size() * windows.size() * 11 / 10);  // like the first
        std::move(done.begin(), done.end(), std::back_inserter(out));
      }
      done.clear();
      if (done.capacity() > spare.capacity()) done.swap(spare);
      done = {};
    }
  }

  // With more than one window, rows are emitted on a second thread while the days of
  // the next windows are read (each takes about half the time); at most two ended
  // windows wait for it, so memory holds few windows' merged state.
  class Emitting {
   public:
    explicit Emitting(Impl& impl) : impl_(impl) {}
    ~Emitting() {
      {
        std::lock_guard lock(m_);
        closing_ = true;
        queue_.clear();
      }
      cv_.notify_all();
      if (thread_.joinable()) thread_.join();
    }
    void submit(Ended e) {
      if (impl_.windows.size() < 2) return impl_.emit(e);
      if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
      std::unique_lock lock(m_);
      cv_.wait(lock, [&] { return queue_.size() < 2 || failed_; });
      queue_.push_back(std::move(e));
      cv_.notify_all();
    }
    // Waits for every submitted window; rethrows what the thread threw.
    void finish() {
      if (thread_.joinable()) {
        {
          std::lock_guard lock(m_);
          closing_ = true;
        }
        cv_.notify_all();
        thread_.join();
      }
      if (failed_) std::rethrow_exception(failed_);
    }

   private:
    void run() {
      for (;;) {
        std::unique_lock lock(m_);
        cv_.wait(lock, [&] { return !queue_.empty() || closing_; });
        if (queue_.empty()) return;
        Ended e = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        cv_.notify_all();
        try {
          if (!failed_) impl_.emit(e);
        } catch (...) {
          std::lock_guard relock(m_);
          failed_ = std::current_exception();
          cv_.notify_all();
        }
      }
    }
    Impl& impl_;
    std::mutex m_;
    std::condition_variable cv_;
    std::deque<Ended> queue_;
    bool closing_ = false;
    std::exception_ptr failed_;
    std::thread thread_;
  };
  Emitting emitting{*this};  // last: stopped before the rest goes

  void to_day(Day d) {
    if (started && d == day) return;
    started = true;
    day = d;
    day_start = local.midnight(d);
    open.clear();
    open_before.clear();
    for (size_t i = 0; i < windows.size(); ++i) {
      WindowState& w = windows[i];
      // The sums so far are those of the days before the window's first: no day from it
      // to d is stored.
      if (customers && !w.done && !w.customers_before && w.from <= d)
        w.customers_before = customer_sums;
      if (!w.done && w.to <= d) flush(w, i);
      if (!w.done && w.from <= d && d < w.to) open.push_back(i);
      if (!w.done && w.before_from <= d && d < w.before_to) open_before.push_back(i);
    }
  }
  // The value of `key` in a map keyed by string, made when missing (no string built
  // when it is there).
  template <class M>
  static typename M::mapped_type& at_key(M& m, std::string_view key) {
    auto it = m.find(key);
    if (it == m.end()) it = m.emplace(std::string(key), typename M::mapped_type{}).first;
    return it->second;
  }
  void add(GroupBy by, std::string_view key, const CellParts& p) {
    if (!grouped[size_t(by)]) return;
    for (size_t i : open) {
      Acc& acc = at_key(windows[i].keys[size_t(by)], key);
      acc.add(p);
      if (!p.work.earlier.empty()) acc.add_earlier(p, windows[i].from);
    }
    if (staffing && !p.staffing.offered.empty())
      for (size_t i : open) {
        // make() checked that every day of the window starts on an interval's edge.
        const long long first = (day_start - windows[i].start).count() / erlang_interval(options);
        auto& counts = at_key(windows[i].intervals[size_t(by)], key);
        for (const auto& [interval, n] : p.staffing.offered) counts[first + interval] += n;
      }
    if (p.topics.created.empty()) return;
    for (size_t i : open_before) {
      auto& counts = at_key(windows[i].before[size_t(by)], key);
      for (const auto& [topic, n] : p.topics.created) counts[topic] += n;
    }
  }
};

void DayMerger::Impl::add_history(GroupBy by, std::string_view key, const Waiting& change,
                                  const CustomerDay& c) {
  if (customers && by == GroupBy::overall) {
    customer_sums.merge(c);
    // A window counts the customers churned on its days that were first seen before it.
    for (size_t i : open)
      for (auto it = c.churns.upper_bound(day - windows[i].from); it != c.churns.end(); ++it)
        windows[i].churned += it->second;
  }
  if (!waiting || !grouped[size_t(by)] || change == Waiting{}) return;
  auto& sums = running[size_t(by)];
  auto it = sums.find(key);
  if (it == sums.end()) it = sums.emplace(std::string(key), Waiting{}).first;
  it->second.merge(change);
  if (it->second == Waiting{}) sums.erase(it);
}

DayMerger::DayMerger(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
DayMerger::DayMerger(DayMerger&&) noexcept = default;
DayMerger::~DayMerger() = default;

Result<DayMerger> DayMerger::make(const std::string& zone, const Totals& totals, const Options& o,
                                  const Request& req) {
  auto impl = std::make_unique<Impl>(o, zone);
  LocalDays local(zone);
  for (const auto& k : req.kpis)
    if (kpis_with_partials().count(k)) impl->wanted.insert(k);
  if (impl->wanted.empty() && req.kpis.empty()) impl->wanted = kpis_with_partials();
  impl->req = req;
  if (impl->wanted.empty()) impl->req.windows.clear();  // none of the KPIs has partials
  impl->waiting = impl->wanted.count("open_cases") || impl->wanted.count("backlog");
  impl->any_calls = totals.calls > 0;
  impl->any_tickets = totals.tickets > 0;
  impl->any_sessions = totals.sessions > 0;
  impl->any_customers = totals.customers > 0;
  impl->staffing = impl->wanted.count("agents_required") > 0;
  for (GroupBy by : req.groupings) impl->grouped[size_t(by)] = true;
  const auto& customer_kpis = family("customers").kpis;
  impl->customers = impl->grouped[size_t(GroupBy::overall)] &&
                    std::any_of(customer_kpis.begin(), customer_kpis.end(),
                                [&](const std::string& k) { return impl->wanted.count(k) > 0; });
  for (const Window& w : impl->req.windows) {
    if (!local.at_midnight(w.from) || !local.at_midnight(w.to))
      return make_error("window " + w.label + " does not start and end at midnight in " + zone +
                        "; per-day partials cannot answer it");
    Impl::WindowState state;
    state.from = local.day(w.from);
    state.to = local.day(w.to);
    state.before_from = state.before_to = state.from;  // empty
    state.start = w.from;
    // agents_required counts intervals from the window's start: each day must start on
    // an interval's edge (not so across a DST change of 30 minutes with 60-minute ones).
    if (impl->staffing)
      for (Day d = state.from; d <= state.to; ++d)
        if ((local.midnight(d) - w.from).count() % erlang_interval(o) != 0)
          return make_error("window " + w.label + ": its days do not start on edges of " +
                            std::to_string(erlang_interval(o)) + " s intervals in " + zone +
                            "; per-day partials cannot answer agents_required for it");
    if (impl->wanted.count("top_topics")) {
      const Window before = previous(w, zone);
      if (!local.at_midnight(before.from) || !local.at_midnight(before.to))
        return make_error("window " + before.label + " (before " + w.label +
                          ") does not start and end at midnight in " + zone +
                          "; per-day partials cannot answer top_topics for it");
      state.before_from = local.day(before.from);
      state.before_to = local.day(before.to);
    }
    impl->windows.push_back(std::move(state));
  }
  return DayMerger(std::move(impl));
}

Day DayMerger::first_day() const {
  Day d = std::numeric_limits<Day>::max();
  for (const auto& w : impl_->windows) d = std::min({d, w.from, w.before_from});
  return d;
}

Day DayMerger::end_day() const {
  Day d = std::numeric_limits<Day>::min();
  for (const auto& w : impl_->windows) d = std::max(d, w.to);
  return d;
}

uint32_t DayMerger::groupings() const {
  uint32_t bits = 0;
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    if (impl_->grouped[g]) bits |= 1u << g;
  return bits | history_groupings();
}

Day DayMerger::history_day() const {
  return history_groupings() && !impl_->windows.empty() ? std::numeric_limits<Day>::min()
                                                        : first_day();
}

uint32_t DayMerger::history_groupings() const {
  uint32_t bits = 0;
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    if (impl_->waiting && impl_->grouped[g]) bits |= 1u << (kWaitingRow + g);
  if (impl_->customers) bits |= 1u << (kWaitingRow + size_t(GroupBy::overall));
  return bits;
}

void DayMerger::stream_to(std::function<void(std::vector<Row>&)> sink) {
  impl_->sink = std::move(sink);
}

std::vector<Row> DayMerger::finish() {
  for (size_t i = 0; i < impl_->windows.size(); ++i)
    if (!impl_->windows[i].done) impl_->flush(impl_->windows[i], i);
  impl_->emitting.finish();
  return std::move(impl_->out);
}

Result<std::vector<Row>> compute_from_partials(const Partials& p, const Options& o,
                                               const Request& req) {
  auto merger = DayMerger::make(p.zone, p.totals, o, req);
  if (!merger) return merger.error();
  // Day by day, as a stored state is read (Store::each_partial_day).
  std::map<Day, std::vector<std::tuple<GroupBy, const std::string*, const Cell*>>> by_day;
  for (size_t g = 0; g < Partials::kGroupings; ++g)
    for (const auto& [key, days] : p.cells[g])
      for (const auto& [d, c] : days) by_day[d].emplace_back(GroupBy(g), &key, &c);
  CellParts parts;
  for (const auto& [d, cells] : by_day) {
    if (d < merger->history_day() || d >= merger->end_day()) continue;  // as a store reads
    merger->impl_->to_day(d);
    for (const auto& [by, key, c] : cells) {
      merger->impl_->add_history(by, *key, c->waiting, c->customers);
      if (d < merger->first_day()) continue;
      parts.assign(*c);
      merger->impl_->add(by, *key, parts);
    }
  }
  return merger->finish();
}

Result<void> DayMerger::add_day(Day d, std::string_view blob) {
  impl_->to_day(d);
  const bool history = d < first_day();  // only the running sums
  return read_day(
      blob, d, impl_->scratch,
      [&](GroupBy by, std::string_view key, const CellParts& p) {
        if (!history) impl_->add(by, key, p);
      },
      [&](GroupBy by, std::string_view key, const Waiting& w, const CustomerDay& x) {
        impl_->add_history(by, key, w, x);
      });
}

}  // namespace dp::kpi
