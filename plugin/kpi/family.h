// The KPI family registry (docs/adding-a-kpi.md). A family is one file (surveys.cpp,
// calls.cpp, ...) that owns its KPIs from records to rows: its accumulator (a tally in
// kpi/additive.h with add and merge/un-merge), how a record adds to a day cell of the
// partials (build), the rows of a window from its merged cells (emit), and the exact
// engine's rows of one window straight from the records (collect, the oracle used by
// tests and `--engine records`). The counts and samples a tally stores are listed by the
// tally itself (counts() and samples() in additive.h), which the partials' codec and
// window merge read; other fields a family stores it writes and reads itself (write, read).
// families() lists every family once, in the order their rows come out; the record engine, the
// partials' build, their codec and the window emitter loop over it, and the KPIs computed from
// partials are the union of the families' ids.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kpi/codec.h"
#include "kpi/customer_base.h"
#include "kpi/emit.h"
#include "kpi/input.h"
#include "kpi/local_days.h"
#include "kpi/partials.h"

namespace dp::kpi {

namespace detail {
struct CellParts;  // kpi/cell_parts.h
}

// What a family's build() adds to: the day cells of one grouping.
class CellBuild {
 public:
  CellBuild(const Input& in, GroupBy by, Partials& p, LocalDays& local, const Contributors& only,
            std::vector<std::optional<std::vector<std::pair<Day, Waiting>>>>& waiting);
  const Input& in;
  const GroupBy by;
  const Slice keys;  // the key functions only
  Partials& p;
  LocalDays& local;
  // Which records add their contributions (the others are context only).
  bool ticket(size_t i) const;  // contributing and not excluded
  bool ticket_any(size_t i) const { return counts(only_.tickets, i); }  // excluded ones too
  bool call(size_t i) const { return counts(only_.calls, i); }
  bool survey(size_t i) const { return counts(only_.surveys, i); }
  bool session(size_t i) const { return counts(only_.sessions, i); }
  bool customer(size_t i) const { return counts(only_.customers, i); }
  bool people() const {
    return by == GroupBy::overall || by == GroupBy::agent || by == GroupBy::team;
  }
  const std::string& ticket_key(size_t i);  // computed once per grouping
  Cell& cell(const std::string& key, Time t) { return p.at(by, key, local.day(t)); }
  Cell& cell(const std::string& key, Day d) { return p.at(by, key, d); }
  // Ticket i's waiting changes (open_cases, backlog), computed once for every grouping.
  std::optional<std::vector<std::pair<Day, Waiting>>>& waiting(size_t i) { return waiting_[i]; }

 private:
  static bool counts(const std::vector<bool>& mask, size_t i) { return mask.empty() || mask[i]; }
  const Contributors& only_;
  std::vector<std::optional<std::vector<std::pair<Day, Waiting>>>>& waiting_;
  std::vector<std::optional<std::string>> ticket_keys_;
};

using TopicCounts = std::map<std::string, std::map<std::string, long long>, std::less<>>;
using IntervalCounts = std::map<std::string, std::map<long long, long long>, std::less<>>;

// What a family's emit() reads: one window and grouping's merged cells (overall always
// has its key ""), and what the merger keeps besides them.
struct WindowCells {
  GroupBy by;
  const Window& window;
  const Options& options;
  const std::map<std::string, Cell>& merged;
  const TopicCounts& before;        // topics of the window before, per key
  const IntervalCounts& intervals;  // calls offered per interval of the window, per key
  const CustomerBase& customers;    // over the window (overall only)
  bool any_calls, any_tickets, any_sessions, any_customers;  // record totals above 0
  // Calls fn(key, cell) for every key the window reports (the record engine's
  // Slice::keys(): any item in the window), or for every key `also` accepts too.
  template <class Fn, class Also>
  void each(Fn&& fn, Also&& also) const {
    for (const auto& [key, c] : merged)
      if (by == GroupBy::overall || c.present > 0 || also(c)) fn(key, c);
  }
  template <class Fn>
  void each(Fn&& fn) const {
    each(fn, [](const Cell&) { return false; });
  }
};

struct Family {
  std::string_view name;
  std::vector<std::string> kpis;  // the catalog ids it emits
  void (*collect)(const Slice&, Emitter&);
  void (*build)(CellBuild&);  // nullptr: it reads other families' cells only
  void (*emit)(const WindowCells&, Emitter&);
  // Storage of the cell fields it keeps besides the counts and samples its tallies list
  // (kpi/cell_parts.h): written and read in registry order (nullptr: none).
  void (*write)(Writer&, const detail::CellParts&);
  bool (*read)(Reader&, detail::CellParts&);  // false at damaged input
  bool wanted(const Emitter& e) const;        // any of its KPIs asked for
};

// Every family, in the order of their rows (kpi/families.cpp).
const std::vector<Family>& families();
const Family& family(std::string_view name);

}  // namespace dp::kpi
