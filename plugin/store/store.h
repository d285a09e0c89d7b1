// The state store (ARCHITECTURE.md, "State and write-back"): one SQLite file (WAL)
// holding the canonical records, per-source cursors, KPI snapshots, the write-back
// ledger and the posted reports. A cursor moves only in the transaction that stores
// the records it covers. One Store is used from one thread at a time; several
// processes may share the file (writers wait on a busy timeout).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/records.h"
#include "model/result.h"
#include "model/time.h"

namespace dp {

// What one upsert pass did to one record kind.
struct UpsertCounts {
  size_t inserted = 0;
  size_t updated = 0;
  size_t unchanged = 0;
  size_t changed() const { return inserted + updated; }
  UpsertCounts& operator+=(const UpsertCounts& o);
};

struct ApplyStats {
  UpsertCounts tickets, events, calls, surveys, customers, agents, sessions;
  UpsertCounts total() const;
  ApplyStats& operator+=(const ApplyStats& o);
};

// Row counts per table, for `doctor` and status output.
struct TableCounts {
  int64_t tickets = 0, events = 0, calls = 0, surveys = 0, customers = 0, agents = 0, sessions = 0;
  int64_t cursors = 0, snapshots = 0, ledger = 0, reports = 0;
  int schema_version = 0;
};

// One stored KPI figure. Plain on purpose: the store does not depend on the engine;
// the app converts kpi::Row to this (and keeps the whole row in row_json).
// Recomputing a figure with the same key (everything up to `stat`) replaces it.
struct SnapshotRow {
  std::string kpi;
  Time window_from{};
  Time window_to{};
  std::string group_by;   // "overall", "team", ...
  std::string group_key;  // "" for overall
  std::string variant;    // "" for the catalog default
  std::string basis;      // "" when the figure has none
  std::string stat;
  std::optional<double> value;
  int64_t n = 0;
  std::string row_json;
  Time computed_at{};
  bool operator==(const SnapshotRow&) const = default;
};

enum class TargetKind { ticket, user };

class Store {
 public:
  using Clock = std::function<Time()>;

  // Opens or creates the file (its directory must exist) and migrates it to the
  // latest schema. ":memory:" gives a private in-memory store. A file written by a
  // newer deskpulse is refused. `clock` stamps cursors (default: system clock).
  // A file with data at an older schema is first copied to PATH.bak-v<version>
  // (migration_note() says so).
  static Result<std::unique_ptr<Store>> open(const std::string& path, Clock clock = {});
  // For commands that only read (compute, report --dry-run, doctor): the file must
  // exist and be at the latest schema; nothing is created or migrated.
  static Result<std::unique_ptr<Store>> open_existing(const std::string& path);
  // "state.db: migrated from schema version 7 to 9; the old file is kept as
  // state.db.bak-v7", or "" when open() migrated nothing.
  const std::string& migration_note() const;
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  static int latest_schema_version();

  // Upserts every record and, when `cursor` is given, sets `source`'s cursor, all in
  // one transaction: on any error nothing of the batch is stored and the cursor
  // stays. Events and surveys without an id get their content key (event_key,
  // survey_key). A record whose stored copy is identical is counted unchanged and
  // does not move the change sequence.
  Result<ApplyStats> apply(const Records& r, const std::string& source,
                           const std::optional<std::string>& cursor);

  Result<std::optional<std::string>> cursor(const std::string& source);

  // Everything, each kind ordered by id (events by ticket, time, id).
  Result<Records> load_all();
  // The agent directory only.
  Result<std::vector<Agent>> agents();
  // Tickets new, open or pending that have an owner, as (owner, ticket id), ordered.
  Result<std::vector<std::pair<std::string, std::string>>> open_tickets();

  // For incremental work: tickets that changed (or got a changed event) after
  // change sequence `seq`, with all their events, plus the calls that changed after
  // `seq`. `max_seq` (optional) receives the latest sequence, to pass next time.
  // seq 0 means "everything".
  Result<Records> load_tickets_changed_since(int64_t seq, int64_t* max_seq);

  Result<TableCounts> counts();

  // Write-back ledger: the last value written to a (ticket|user, field).
  Result<std::optional<std::string>> ledger_value(TargetKind kind, const std::string& target,
                                                  const std::string& field);
  // The same for many targets of one kind at once (one query): (target, field) -> value.
  using LedgerValues = std::map<std::pair<std::string, std::string>, std::string>;
  Result<LedgerValues> ledger_values(TargetKind kind, const std::vector<std::string>& targets);
  Result<void> ledger_record(TargetKind kind, const std::string& target, const std::string& field,
                             const std::string& value, Time at);
  // Per field, the most recent non-empty value written to a target of this kind
  // (`doctor` reads it back from the helpdesk).
  struct LastWrite {
    std::string field, target, value;
  };
  Result<std::vector<LastWrite>> ledger_latest(TargetKind kind);

  // A report for (team, period) is posted once; recording it again keeps the first.
  Result<bool> report_posted(const std::string& team, const std::string& period);
  Result<void> record_report(const std::string& team, const std::string& period,
                             const std::string& ref, Time at);

  // Stores all rows in one transaction, replacing rows with the same key.
  Result<void> put_snapshots(const std::vector<SnapshotRow>& rows);
  // Rows of exactly this window, in key order.
  Result<std::vector<SnapshotRow>> snapshots(Time window_from, Time window_to);

  // Bumped by every apply() that changed a record (0 for a new store).
  Result<int64_t> data_version();

  // Per-day partial aggregates, opaque to the store (kpi/partials.h encodes them): a
  // blob per (day, grouping, key) cell; `tag` says what they were computed from (the
  // data version and the engine context). replace_partials() swaps the whole set in
  // one transaction, update_partials() rewrites some cells (empty blob: delete the
  // cell) and the tag.
  struct PartialCell {
    int32_t day = 0;
    int32_t grouping = 0;
    std::string key;
    std::string cells;
    bool operator==(const PartialCell&) const = default;
  };
  Result<std::optional<std::string>> partials_tag();
  Result<std::vector<PartialCell>> partials();
  // The stored rows of the days in [from, to) in ascending order of days, one at a
  // time (the blob is valid during the call only), of the row codes whose bit is set in
  // `groupings` (in `history_groupings` for days before `history_to`), in one read
  // transaction; stops at fn's first error.
  Result<void> each_partial_day(int32_t from, int32_t to,
                                const std::function<Result<void>(int32_t, std::string_view)>& fn,
                                uint32_t groupings = ~0u,
                                int32_t history_to = std::numeric_limits<int32_t>::min(),
                                uint32_t history_groupings = 0);
  // Fills in the blob of each given cell ("" when none is stored).
  Result<void> partial_cells(std::vector<PartialCell>& cells);
  Result<void> replace_partials(const std::vector<PartialCell>& cells, const std::string& tag);
  Result<void> update_partials(const std::vector<PartialCell>& cells, const std::string& tag);

  // Records by their links, for recomputing the contributions of some records and of
  // everything linked to them (app/partials_state.h). Each list matches exactly.
  struct Related {
    std::vector<std::string> requesters;  // their tickets, and the customers with these ids
    std::vector<std::string> tickets;     // by id
    std::vector<std::string> calls;       // by id
    std::vector<std::string> callers;     // calls by caller
    std::vector<std::string> phone_keys;  // calls and customers, through phone_keys
    std::vector<std::string> surveys;     // by id
    std::vector<std::string> sessions;    // by id
  };
  // The matching records, plus the events of the tickets, the calls linked to the
  // tickets, and the surveys of the tickets and calls; each kind ordered by id (events
  // by ticket, time and id). The requesters' tickets that were not asked for by id
  // come as contacts only, and their ids are added to `contacts`: the columns
  // fcr's repeat contacts and call links read (id, requester, created_at, status, tags,
  // subject, extra; the rest blank) with only their status-change, merge and delete
  // events, read from the indexes made for this (schema 6).
  Result<Records> load_related(const Related& q, std::vector<std::string>& contacts);
  // For a bulk import into an empty state: drops the record tables' link and lookup
  // indexes (not the change sequences'), keeping their definitions in the file, so
  // they are built once from the imported rows by restore_indexes() instead of row by
  // row (docs/performance.md). False (nothing done) when any record is stored.
  // open() restores indexes an interrupted import left deferred.
  Result<bool> defer_indexes();
  Result<void> restore_indexes();
  // Whether the partials' reads may go through a memory map of the file (on by
  // default): off for reads that will touch the whole file, whose pages would all
  // count in the process's resident size.
  Result<void> map_reads(bool allowed);
  // Records in pages, for rebuilding the partials without holding them all: the next
  // `limit` of one kind after key `after` (from the first without), and the key to
  // continue after; no records when there are no more.
  enum class PageOf {
    requesters,     // the tickets of the next `limit` requesters, as contacts
    calls,          // calls by id
    loose_surveys,  // surveys by id that name no stored ticket, with the calls they name
    sessions,       // agent sessions by id
    callers,        // calls by id, their id and caller only
    customers,      // customers by id
  };
  struct Page {
    Records records;
    std::string last;
  };
  Result<Page> page(PageOf kind, const std::optional<std::string>& after, size_t limit);
  // The phone-key index (kind "call" or "customer"): replace_all empties it first; an
  // empty key removes the entry.
  struct PhoneKey {
    std::string kind, id, key;
  };
  Result<void> put_phone_keys(const std::vector<PhoneKey>& keys, bool replace_all);

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace dp
