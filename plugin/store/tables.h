// How each canonical record kind maps to its table: the column list (id first, in
// the order of the SQL parameters and of the selected columns), how a record binds
// to a statement (to parameters first, first + 1, ...: a multi-row INSERT binds
// several records) and how a row reads back into the exact same record. A table may
// name `kept_when_null` columns: an update binding NULL there keeps the stored value.
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "model/records.h"
#include "model/result.h"
#include "store/sqlite.h"

namespace dp::store {

template <class R>
struct Table;

template <>
struct Table<Ticket> {
  static constexpr std::string_view name = "tickets";
  static constexpr std::array<std::string_view, 12> columns = {
      "id",   "queue",    "channel", "requester",  "owner",      "subject",
      "tags", "priority", "status",  "created_at", "updated_at", "extra"};
  static constexpr bool has_seq = true;
  static constexpr std::string_view order = "id";
  static void bind(sql::Stmt& s, const Ticket& t, int first = 1);
  static Result<Ticket> read(const sql::Stmt& s);
};

template <>
struct Table<TicketEvent> {
  static constexpr std::string_view name = "ticket_events";
  static constexpr std::array<std::string_view, 10> columns = {
      "id",     "ticket",       "at",         "type",     "actor",
      "public", "time_spent_s", "from_value", "to_value", "extra"};
  static constexpr bool has_seq = true;
  static constexpr std::string_view order = "ticket, at, id";
  static void bind(sql::Stmt& s, const TicketEvent& e, int first = 1);
  static Result<TicketEvent> read(const sql::Stmt& s);
};

template <>
struct Table<Call> {
  static constexpr std::string_view name = "calls";
  static constexpr std::array<std::string_view, 15> columns = {
      "id",     "queue",  "caller", "agent",  "direction", "offered_at", "answered_at", "ended_at",
      "wait_s", "talk_s", "hold_s", "wrap_s", "outcome",   "ticket",     "extra"};
  static constexpr bool has_seq = true;
  static constexpr std::string_view order = "id";
  static void bind(sql::Stmt& s, const Call& c, int first = 1);
  static Result<Call> read(const sql::Stmt& s);
};

template <>
struct Table<Survey> {
  static constexpr std::string_view name = "surveys";
  static constexpr std::array<std::string_view, 11> columns = {
      "id",     "kind", "score", "scale_min", "scale_max", "at",
      "ticket", "call", "agent", "customer",  "extra"};
  static constexpr bool has_seq = false;
  static constexpr std::string_view order = "id";
  static void bind(sql::Stmt& s, const Survey& v, int first = 1);
  static Result<Survey> read(const sql::Stmt& s);
};

template <>
struct Table<Customer> {
  static constexpr std::string_view name = "customers";
  static constexpr std::array<std::string_view, 8> columns = {
      "id", "first_seen", "last_active", "churned_at", "acquired_via", "revenue", "phone", "extra"};
  static constexpr bool has_seq = false;
  static constexpr std::string_view order = "id";
  static void bind(sql::Stmt& s, const Customer& c, int first = 1);
  static Result<Customer> read(const sql::Stmt& s);
};

template <>
struct Table<Agent> {
  static constexpr std::string_view name = "agents";
  static constexpr std::array<std::string_view, 5> columns = {"id", "team", "calendar", "kind",
                                                              "name"};
  // A source that knows an agent by id only (RT in some paths) sends no name: an
  // update leaves the stored name alone then, and a name replaces it.
  static constexpr std::array<std::string_view, 1> kept_when_null = {"name"};
  static constexpr bool has_seq = false;
  static constexpr std::string_view order = "id";
  static void bind(sql::Stmt& s, const Agent& a, int first = 1);
  static Result<Agent> read(const sql::Stmt& s);
};

template <>
struct Table<AgentSession> {
  static constexpr std::string_view name = "agent_sessions";
  static constexpr std::array<std::string_view, 6> columns = {"id",       "agent",  "queue",
                                                              "start_at", "end_at", "paused_s"};
  static constexpr bool has_seq = false;
  static constexpr std::string_view order = "id";
  static void bind(sql::Stmt& s, const AgentSession& a, int first = 1);
  static Result<AgentSession> read(const sql::Stmt& s);
};

// Whether an update of R that binds NULL to `column` keeps the stored value.
template <class R>
bool kept_when_null(std::string_view column) {
  if constexpr (requires { Table<R>::kept_when_null; }) {
    for (auto c : Table<R>::kept_when_null)
      if (c == column) return true;
  }
  return false;
}

// "c1, c2, ..." of a table, for SELECT and INSERT lists.
template <class R>
std::string column_list() {
  std::string out;
  for (auto c : Table<R>::columns) {
    if (!out.empty()) out += ", ";
    out += c;
  }
  return out;
}

// Steps `st` to its end, reading each row as an R and handing it to fn.
template <class R, class F>
Result<void> read_rows(sql::Stmt& st, F&& fn) {
  for (;;) {
    auto row = st.step();
    if (!row) return row.error();
    if (!*row) return {};
    auto rec = Table<R>::read(st);
    if (!rec) return rec.error();
    fn(std::move(*rec));
  }
}

}  // namespace dp::store
