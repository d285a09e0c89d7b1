// Canonical records <-> JSON objects (ARCHITECTURE.md, "Canonical records"). Pure: no
// I/O. The file source, the generator and any command that prints records share it, so
// one record has exactly one JSON shape.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "model/json.h"
#include "model/records.h"
#include "model/result.h"

namespace dp::files {

enum class Kind { agent, customer, ticket, event, call, survey, session };

// Every kind, in the order a directory is imported (directories before what refers
// to them).
std::span<const Kind> all_kinds();
// "tickets", "ticket_events", "calls", "surveys", "customers", "agents", "agent_sessions".
std::string_view file_stem(Kind k);
// "tickets.ndjson" / "calls.csv" -> kind; nullopt for any other name.
std::optional<Kind> kind_of_file(std::string_view filename);

// What a column holds; CSV cells are typed by it before decoding.
enum class FieldType { string, integer, number, boolean, time, string_list, object };
struct FieldSpec {
  std::string_view name;
  FieldType type;
};
std::span<const FieldSpec> fields_of(Kind k);

// Encoders write one JSON object (no newline). Every field is written, null when
// absent; `extra` only when non-empty. Ids derived from content are written out too.
void encode(json::Writer& w, const Ticket& v);
void encode(json::Writer& w, const TicketEvent& v);
void encode(json::Writer& w, const Call& v);
void encode(json::Writer& w, const Survey& v);
void encode(json::Writer& w, const Customer& v);
void encode(json::Writer& w, const Agent& v);
void encode(json::Writer& w, const AgentSession& v);

template <class T>
std::string encode(const T& v) {
  json::Writer w;
  encode(w, v);
  return w.str();
}

// Decoders take one JSON object. On failure the Error's `where` is the field name
// ("" when the value is not an object) and its message says what is wrong (missing,
// wrong type, bad enum value with the allowed ones, bad time, out of range).
// Unknown fields, and the members of an `extra` object, are kept in `extra` (agents
// and sessions have none and ignore them).
Result<Ticket> decode_ticket(const json::Value& obj);
Result<TicketEvent> decode_event(const json::Value& obj);
Result<Call> decode_call(const json::Value& obj);
Result<Survey> decode_survey(const json::Value& obj);
Result<Customer> decode_customer(const json::Value& obj);
Result<Agent> decode_agent(const json::Value& obj);
Result<AgentSession> decode_session(const json::Value& obj);

// Decodes by kind and appends to the matching vector of `out`.
Result<void> decode_into(Kind k, const json::Value& obj, Records& out);
// Makes room for `n` more records of kind `k` in `out`.
void reserve_for(Kind k, Records& out, size_t n);

// Content-derived session id (records.h has event_key/survey_key for the others).
std::string session_key(const AgentSession& s);

}  // namespace dp::files
