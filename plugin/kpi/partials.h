// Per-(day, grouping, key) partial aggregates of every KPI family (each family builds,
// stores and emits its part, kpi/family.h; their tallies in kpi/additive.h), and the KPI
// rows of any whole-day windows merged from them (docs/performance.md). Days are local
// days in the report time zone. Built once from the records, stored in the state store,
// merged per window in milliseconds; rows equal the record engine's, except medians and
// p90s, which come from a quantile sketch within kSketchAlpha relative error. Pure: no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kpi/additive.h"
#include "kpi/customer_base.h"
#include "kpi/engine.h"
#include "kpi/input.h"
#include "kpi/mix_adjusted.h"
#include "model/result.h"

namespace dp::kpi {

// The KPI ids computed from partials: the whole catalog (a test checks).
const std::set<std::string>& kpis_with_partials();

// Local day number: days since 1970-01-01 in the report time zone.
using Day = int32_t;

// ticket_handle_time's part of a day: each ticket worked on that day (per key) with its
// seconds that day. A window sums a ticket's days, so where it holds an earlier work day
// of the same ticket too, `earlier` corrects the moments: per earlier day, the tickets
// whose previous work day it was (counted twice) and the products of that day's seconds
// with this day's (a sum's square has twice each product).
struct Work {
  struct Earlier {
    long long repeats = 0;
    __int128 products = 0;
    bool operator==(const Earlier&) const = default;
  };
  Sample::Moments days;  // per (ticket, day): n, seconds, seconds squared
  std::map<Day, Earlier> earlier;
  void merge(const Work& o, int sign = 1);
  bool operator==(const Work&) const = default;
};

// agents_required's part of a day (overall and queue cells): calls offered per
// erlang_interval counted from the day's start, and the waits of calls offered.
struct Staffing {
  std::map<long long, long long> offered;  // interval number in the day -> calls
  long long waited_s = 0;
  void merge(const Staffing& o, int sign = 1);
  bool operator==(const Staffing&) const = default;
};

// The customer base's part of a day (overall cells only): who counts from the next day
// on and who no more, so that a window [from, to) reads it from the sums of the days
// before `from` and before `to` (a customer is one at an instant once first seen and
// until churned; active in a window when first seen before its end and not ended, by
// churn or last activity, before its start), and the churns of its own days.
struct CustomerDay {
  struct Active {  // customers, those with revenue, and their revenue
    long long n = 0, with = 0;
    Micros revenue = 0;
    void add(const CustomerSpan& c);
    void merge(const Active& o, int sign = 1);
    bool operator==(const Active&) const = default;
  };
  Active seen;                // first seen that day
  long long referred = 0;     // of those, acquired via referral
  long long gone = 0;         // churned, a customer no more from the next day on
  Active ended;               // active no more from the next day on, by churn or last activity
  std::map<Day, Active> odd;  // first seen that day but ended before: by the day they ended
  std::map<int32_t, long long> churns;  // churned that day, by whole days since first seen
  void merge(const CustomerDay& o, int sign = 1);
  bool operator==(const CustomerDay&) const = default;
};

struct Cell {
  Cell()
      : calls(Sample::Mode::sketch),
        frt(Sample::Mode::sketch),
        frt_human(Sample::Mode::sketch),
        resolution(Sample::Mode::sketch) {}
  CallTally calls;
  Durations frt, frt_human, resolution;
  Outcomes outcomes;
  SurveyTally surveys;
  Volumes volumes;
  BotTally bots;
  TopicTally topics;
  Occupancy occupancy;  // overall, agent and team cells only
  MixTally mix;         // agent cells only (kpi/mix_adjusted.h)
  Staffing staffing;    // overall and queue cells only
  Work work;
  Waiting waiting;         // changes taking effect at the day's end (running sums)
  CustomerDay customers;   // overall cells only (running sums, and churns)
  long long assigned = 0;  // tickets first assigned that day (resolution_rate)
  // Items of any kind (tickets, calls, surveys, work, agent sessions) that make the key
  // one of the window's keys, like the record engine's Slice::keys().
  long long present = 0;
  void merge(const Cell& o, int sign = 1);
  bool operator==(const Cell&) const = default;
};

// Record counts the partials were built from (not per day): 0 calls = no phone data,
// 0 sessions = no login data, 0 customers = no customer records; tickets counts merged
// and deleted ones too.
struct Totals {
  long long calls = 0, tickets = 0, sessions = 0, customers = 0;
  void merge(const Totals& o, int sign = 1) {
    calls += sign * o.calls;
    tickets += sign * o.tickets;
    sessions += sign * o.sessions;
    customers += sign * o.customers;
  }
  bool operator==(const Totals&) const = default;
};

struct Partials {
  static constexpr size_t kGroupings = 5;  // GroupBy values
  // grouping -> key -> day -> cell; overall has the one key "".
  using Days = std::map<Day, Cell>;
  std::array<std::map<std::string, Days>, kGroupings> cells;
  Totals totals;
  std::string zone = "UTC";

  Cell& at(GroupBy by, const std::string& key, Day d) { return cells[size_t(by)][key][d]; }
  void merge(const Partials& o, int sign = 1);
  // Days with any cell.
  std::set<Day> days() const;
  bool operator==(const Partials&) const = default;
};

// Which records add their contributions, parallel to the Input's tickets, calls,
// surveys, sessions and customers (a ticket's events go with it); the others are
// context only (fcr's repeat contacts, call links). An empty vector means all of that
// kind.
struct Contributors {
  std::vector<bool> tickets, calls, surveys, sessions, customers;
};

// From records (Input holds the facts every family reads).
Partials build_partials(const Input& in, const Contributors* only = nullptr);

// Rows of the KPIs in req.kpis (empty = all of them) for every window and
// grouping of the request, from days fed in ascending order: only the windows' merged
// cells are held, so a stored year streams through. open_cases, backlog and the
// customer base sum every day before a window's end (history_day()); top_topics reads
// the window before each too. Each window must start and end at local midnight in the
// zone; otherwise make() names the window.
class DayMerger {
 public:
  static Result<DayMerger> make(const std::string& zone, const Totals& totals, const Options& o,
                                const Request& req);
  DayMerger(DayMerger&&) noexcept;
  ~DayMerger();
  // The days the windows (and those before them, for top_topics) cover:
  // [first_day(), end_day()), every row of the requested groupings, groupings() a bit
  // per row code. Before them, from history_day(), only the running sums' rows
  // (history_groupings(): Waiting and the customer base); history_day() == first_day()
  // when the request needs none.
  Day first_day() const;
  Day end_day() const;
  uint32_t groupings() const;
  Day history_day() const;
  uint32_t history_groupings() const;
  // Stored rows of day d (encode_row()), in ascending order of days.
  Result<void> add_day(Day d, std::string_view blob);
  // Hands each window's rows to `sink` as soon as they are ready, in the request's
  // order, instead of keeping them for finish(): memory holds one window's rows.
  void stream_to(std::function<void(std::vector<Row>&)> sink);
  // The rows, window by window in the request's order (none when streamed).
  std::vector<Row> finish();

 private:
  struct Impl;
  explicit DayMerger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend Result<std::vector<Row>> compute_from_partials(const Partials&, const Options&,
                                                        const Request&);
};

// The same from partials in memory.
Result<std::vector<Row>> compute_from_partials(const Partials& p, const Options& o,
                                               const Request& req);

// What partials depend on besides the records: a digest of the context (zone, agents,
// calendars, thresholds, targets). Partials built under another context are stale.
std::string context_fingerprint(const Context& ctx);

// Storage: a cell (day, grouping, key) is stored as two rows, in this format; a store
// holding another must rebuild them. Row code g (the GroupBy value) holds all but the
// cell's running sums, row code kWaitingRow + g those alone (its Waiting, and overall
// its CustomerDay), so that the days before a window can be read for open_cases,
// backlog and the customer base without the rest. encode_row() is ""
// when that part is empty (no row). decode_day() reads any blob of day d (rows of one
// day) into `into`; DayMerger::add_day() reads the same. Format 9: survey responses on
// merged or deleted tickets are left out (Input::survey_counts()). Format 10: agent cells
// end with their MixTally (write_mix()). Format 11: each family's fields in registry
// order (kpi/family.h), and the outcomes' reply counts.
inline constexpr int kPartialsFormat = 11;
inline constexpr int kWaitingRow = 8;
std::string encode_row(int code, const std::string& key, const Cell& c);
Result<void> decode_day(std::string_view blob, Day d, Partials& into);

}  // namespace dp::kpi
