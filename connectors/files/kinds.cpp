// The per-kind tables: file names and the columns each record kind has.
#include <array>

#include "files/codec.h"

namespace dp::files {
namespace {

using enum FieldType;

constexpr std::array kKinds{Kind::agent, Kind::customer, Kind::ticket, Kind::event,
                            Kind::call,  Kind::survey,   Kind::session};

constexpr std::array<FieldSpec, 12> kTicket{{{"id", string},
                                             {"queue", string},
                                             {"channel", string},
                                             {"requester", string},
                                             {"owner", string},
                                             {"subject", string},
                                             {"tags", string_list},
                                             {"priority", string},
                                             {"status", string},
                                             {"created_at", time},
                                             {"updated_at", time},
                                             {"extra", object}}};
constexpr std::array<FieldSpec, 10> kEvent{{{"id", string},
                                            {"ticket", string},
                                            {"at", time},
                                            {"type", string},
                                            {"actor", string},
                                            {"public", boolean},
                                            {"time_spent_s", integer},
                                            {"from", string},
                                            {"to", string},
                                            {"extra", object}}};
constexpr std::array<FieldSpec, 15> kCall{{{"id", string},
                                           {"queue", string},
                                           {"caller", string},
                                           {"agent", string},
                                           {"direction", string},
                                           {"offered_at", time},
                                           {"answered_at", time},
                                           {"ended_at", time},
                                           {"wait_s", integer},
                                           {"talk_s", integer},
                                           {"hold_s", integer},
                                           {"wrap_s", integer},
                                           {"outcome", string},
                                           {"ticket", string},
                                           {"extra", object}}};
constexpr std::array<FieldSpec, 11> kSurvey{{{"id", string},
                                             {"kind", string},
                                             {"score", number},
                                             {"scale_min", number},
                                             {"scale_max", number},
                                             {"at", time},
                                             {"ticket", string},
                                             {"call", string},
                                             {"agent", string},
                                             {"customer", string},
                                             {"extra", object}}};
constexpr std::array<FieldSpec, 8> kCustomer{{{"id", string},
                                              {"first_seen", time},
                                              {"last_active", time},
                                              {"churned_at", time},
                                              {"acquired_via", string},
                                              {"revenue", number},
                                              {"phone", string},
                                              {"extra", object}}};
constexpr std::array<FieldSpec, 5> kAgent{
    {{"id", string}, {"team", string}, {"calendar", string}, {"kind", string}, {"name", string}}};
constexpr std::array<FieldSpec, 6> kSession{{{"id", string},
                                             {"agent", string},
                                             {"queue", string},
                                             {"start", time},
                                             {"end", time},
                                             {"paused_s", integer}}};

}  // namespace

std::span<const Kind> all_kinds() {
  return kKinds;
}

std::string_view file_stem(Kind k) {
  switch (k) {
    case Kind::agent:
      return "agents";
    case Kind::customer:
      return "customers";
    case Kind::ticket:
      return "tickets";
    case Kind::event:
      return "ticket_events";
    case Kind::call:
      return "calls";
    case Kind::survey:
      return "surveys";
    case Kind::session:
      return "agent_sessions";
  }
  return "";
}

std::optional<Kind> kind_of_file(std::string_view name) {
  for (std::string_view ext : {".ndjson", ".csv"}) {
    if (name.size() <= ext.size() || !name.ends_with(ext)) continue;
    std::string_view stem = name.substr(0, name.size() - ext.size());
    for (Kind k : kKinds)
      if (file_stem(k) == stem) return k;
  }
  return std::nullopt;
}

std::span<const FieldSpec> fields_of(Kind k) {
  switch (k) {
    case Kind::agent:
      return kAgent;
    case Kind::customer:
      return kCustomer;
    case Kind::ticket:
      return kTicket;
    case Kind::event:
      return kEvent;
    case Kind::call:
      return kCall;
    case Kind::survey:
      return kSurvey;
    case Kind::session:
      return kSession;
  }
  return {};
}

}  // namespace dp::files
