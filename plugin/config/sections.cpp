#include "config/sections.h"

#include "model/figures.h"

namespace dp::config {
namespace {

using K = KeyType;

const std::vector<std::string> kDays = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

Section hours_section() {
  Section s{"calendars.<name>.hours",
            "Weekly business hours in the calendar's zone. Each day: \"09:00-13:00,14:00-18:00\" "
            "(several intervals, no overlaps), \"24h\" (or \"00:00-24:00\") or \"closed\". A day "
            "left out is closed.",
            {},
            {},
            {},
            ""};
  for (const auto& d : kDays) {
    s.keys.push_back({d, K::string, "", "business hours on " + d, false});
    s.examples[d] = (d == "sat" || d == "sun") ? "closed" : "\"09:00-13:00,14:00-18:00\"";
  }
  return s;
}

Section ticket_fields_section() {
  Section s{"writeback.ticket_fields",
            "Ticket custom field (by name) that receives each figure of the ticket. Leave a "
            "figure out to not write it.",
            {},
            {},
            {},
            ""};
  struct Figure {
    const char* id;
    const char* doc;
    const char* field;
  };
  // Business durations read in business hours ("37h 20m", never days of 24 business
  // hours); calendar ones in days and hours. The *_minutes forms are whole minutes,
  // zero-padded to six digits, because RT compares custom field values as text:
  // 'CF.{Deskpulse First Response (business minutes)}' > '000060' finds the slow ones.
  const Figure figures[] = {
      {"frt_business", "first response time, business hours (\"1h 49m\")",
       "First Response (business hours)"},
      {"frt_calendar", "first response time, calendar time (\"2d 4h\")",
       "First Response (calendar)"},
      {"resolution_business", "resolution time, business hours", "Resolution (business hours)"},
      {"resolution_calendar", "resolution time, calendar time", "Resolution (calendar)"},
      {"frt_business_minutes", "first response time, whole business minutes, 6 digits (searchable)",
       "First Response (business minutes)"},
      {"frt_calendar_minutes", "first response time, whole calendar minutes, 6 digits (searchable)",
       "First Response (calendar minutes)"},
      {"resolution_business_minutes",
       "resolution time, whole business minutes, 6 digits (searchable)",
       "Resolution (business minutes)"},
      {"resolution_calendar_minutes",
       "resolution time, whole calendar minutes, 6 digits (searchable)",
       "Resolution (calendar minutes)"},
      {"sla_met", "\"yes\"/\"no\": the FRT and resolution targets were met", "SLA Met"},
      {"fcr", "\"yes\"/\"no\": resolved at first contact", "First Contact Resolution"},
      {"reopen_count", "times the ticket was reopened", "Reopens"}};
  for (const auto& f : figures) {
    s.keys.push_back({f.id, K::string, "", f.doc, false});
    s.examples[f.id] = std::string("Deskpulse ") + f.field;
  }
  return s;
}

// Agent figures (model/figures.h), as the key sets of agent_fields and agent_ticket_step.
KeyType step_type(figures::Step s) {
  return s == figures::Step::points ? K::number : K::duration;
}

Section agent_fields_section() {
  Section s{"writeback.agent_fields",
            "User custom field (by name) that receives each agent's rolling figure over "
            "`agent_window`. Leave a figure out to not write it.",
            {},
            {},
            {},
            ""};
  for (const auto& f : figures::kAgentFigures) {
    s.keys.push_back({f.id, K::string, "", f.doc, false});
    s.examples[f.id] = std::string("Deskpulse agent ") + f.id;
  }
  return s;
}

Section agent_step_section() {
  Section s{"writeback.agent_ticket_step",
            "An agent's rolling figure is also written onto their open tickets, but only when it "
            "moved by more than this since the last write (percentage points for csat and fcr, "
            "a duration for the others). Left out = any change.",
            {},
            {},
            {},
            ""};
  for (const auto& f : figures::kAgentFigures) {
    s.keys.push_back({f.id, step_type(f.step), "", std::string("step for ") + f.id, false});
    s.examples[f.id] = f.step_example;
  }
  return s;
}

std::vector<Section> build() {
  std::vector<Section> v;
  v.push_back({"",
               "Top level.",
               {{"state", K::path, "/var/lib/deskpulse/state.db",
                 "SQLite state file; a relative path is taken from the config file's folder"}},
               {},
               {},
               ""});
  v.push_back({"log",
               "Logging (stderr; under systemd the journal gets each line's level).",
               {{"level", K::string, "info", "least severe message written", false},
                {"format", K::string, "text",
                 "`text` (time level message) or `json` (one object per line: "
                 "time, level, msg and fields); `run --log-format` overrides it",
                 false}},
               {{"level", {"trace", "debug", "info", "warn", "error", "off"}},
                {"format", {"text", "json"}}},
               {},
               ""});
  v.push_back({"metrics",
               "What `run` serves over HTTP for monitoring (docs/operations.md): `/metrics` in "
               "the Prometheus text format and `/healthz`.",
               {{"listen", K::string, "",
                 "HOST:PORT to listen on, e.g. 127.0.0.1:9464; empty = no HTTP server; `run "
                 "--listen` overrides it"},
                {"health_max_age", K::duration, "15m",
                 "`/healthz` answers 503 when a source's last successful poll is older than "
                 "its `interval` plus this (or it has not polled successfully since start)"}},
               {},
               {{"listen", "127.0.0.1:9464"}},
               ""});
  v.push_back({"connectors",
               "The systems deskpulse reads from (sources) and writes to (sinks), by a name of "
               "your choice. Each block has the common keys below plus its type's own keys.",
               {},
               {},
               {},
               ""});
  v.push_back(connector_section(nullptr));
  v.push_back({"teams", "Teams by name; the agent directory refers to them.", {}, {}, {}, ""});
  v.push_back({"teams.<name>",
               "One team.",
               {{"calendar", K::string, "",
                 "business-hours calendar of the team (a name in `calendars`); default "
                 "`kpi.default_calendar`, else 24x7"}},
               {},
               {{"calendar", "office-eu"}},
               "billing"});
  v.push_back({"agents",
               "The agent directory by agent id (as the helpdesk names them). Agents may also "
               "come from the data (agents.ndjson); entries here add to them.",
               {},
               {},
               {},
               ""});
  v.push_back({"agents.<id>",
               "One agent.",
               {{"team", K::string, "", "team name (a key of `teams`)", true},
                {"calendar", K::string, "",
                 "calendar name; default the team's, then `kpi.default_calendar`, else 24x7"},
                {"kind", K::string, "agent",
                 "`bot` for chatbots: left out of per-agent figures and human FRT"},
                {"name", K::string, "",
                 "name reports show; default the data's (RT's RealName, agents.ndjson `name`), "
                 "else the id"}},
               {{"kind", {"agent", "bot"}}},
               {{"team", "billing"}, {"calendar", "office-eu"}, {"name", "Alice Martin"}},
               "alice"});
  v.push_back({"calendars", "Business-hours calendars by name.", {}, {}, {}, ""});
  v.push_back({"calendars.<name>",
               "One calendar. A calendar without `hours` is open 24x7.",
               {{"zone", K::string, "", "IANA time zone, e.g. Europe/Rome", true},
                {"holidays", K::list, "", "closed local dates, YYYY-MM-DD"}},
               {},
               {{"zone", "Europe/Rome"}, {"holidays", "[2026-12-25, 2026-12-26]"}},
               "office-eu"});
  v.push_back(hours_section());
  v.push_back(
      {"kpi",
       "KPI parameters (docs/kpis.md explains each).",
       {{"report_zone", K::string, "UTC", "IANA zone that days, weeks and months are cut in"},
        {"min_sample", K::integer, "10", "values from fewer items are flagged low_sample"},
        {"sl_threshold", K::duration, "20s", "service level: answered within this"},
        {"short_abandon", K::duration, "5s", "abandons shorter than this are short abandons"},
        {"backlog_age", K::duration, "24h",
         "backlog: unresolved and older than this (business time)"},
        {"fcr_days", K::integer, "7", "FCR: no new contact on the topic within this many days"},
        {"link_window", K::duration, "2h",
         "a call links to its caller's ticket created within this of the call"},
        {"ownership", K::string, "at_resolution", "which owner a ticket's figures count for"},
        {"sl_target", K::number, "80", "service level target in % for agents_required (Erlang C)"},
        {"erlang_interval", K::duration, "30m", "interval length for agents_required"},
        {"default_calendar", K::string, "", "calendar for teams without one; \"\" = 24x7"}},
       {{"ownership", {"at_resolution", "at_first_response"}}},
       {{"report_zone", "Europe/Rome"}, {"default_calendar", "office-eu"}},
       ""});
  v.push_back(
      {"kpi.topics",
       "Where top_topics takes a ticket's topic from.",
       {{"source", K::string, "auto",
         "auto (tags, else the topic field, else subject keywords), tags, field or subject"},
        {"field", K::string, "topic",
         "key of the ticket's extra fields holding its topic (connectors put a helpdesk topic "
         "field, e.g. rt `topic_field`, under `topic`)"},
        {"top", K::integer, "10", "how many topics to list"}},
       {{"source", {"auto", "tags", "field", "subject"}}},
       {},
       ""});
  v.push_back({"kpi.targets",
               "Targets. `frt` and `resolution` (business time) decide sla_compliance and "
               "sla_met; any other key is a KPI id with its target value in the KPI's unit "
               "(reports mark met / near / missed).",
               {{"frt", K::duration, "", "first response target"},
                {"resolution", K::duration, "", "resolution target"},
                {"<kpi id>", K::number, "", "target value of that KPI"}},
               {},
               {{"frt", "4h"},
                {"resolution", "3d"},
                {"csat", "85"},
                {"nps", "30"},
                {"service_level", "80"},
                {"abandonment_rate", "5"}},
               ""});
  v.push_back({"kpi.business", "Business figures by month (YYYY-MM).", {}, {}, {}, ""});
  v.push_back({"kpi.business.<YYYY-MM>",
               "Figures of one month; each is optional (a KPI that needs a missing one is "
               "reported unavailable).",
               {{"support_cost", K::number, "", "support cost of the month"},
                {"acquisition_spend", K::number, "", "spend on acquiring customers"},
                {"visits", K::number, "", "site visits (conversion_rate)"},
                {"sales", K::number, "", "sales (conversion_rate)"},
                {"gross_margin", K::number, "", "gross margin, a fraction 0..1 (clv)"}},
               {},
               {{"support_cost", "42000"},
                {"acquisition_spend", "9000"},
                {"visits", "120000"},
                {"sales", "2400"},
                {"gross_margin", "0.7"}},
               "2026-11"});
  v.push_back(
      {"writeback",
       "Scores written back into the helpdesk.",
       {{"sink", K::string, "", "connector that receives the writes; \"\" = none"},
        {"agent_window", K::duration, "30d",
         "window of the agents' rolling figures, rounded out to whole days of the report zone"},
        {"max_writes_per_second", K::number, "5",
         "rate limit of write requests (one per ticket or agent, all its fields)"}},
       {},
       {},
       ""});
  v.push_back(ticket_fields_section());
  v.push_back(agent_fields_section());
  v.push_back(agent_step_section());
  v.push_back({"report",
               "The periodic report post.",
               {{"sink", K::string, "", "connector that receives the posts; \"\" = none"},
                {"period", K::string, "week", "report period"},
                {"weekday", K::string, "mon", "weekly reports: the day they are posted"},
                {"day", K::integer, "1", "monthly reports: day of month (1-28)"},
                {"time", K::string, "08:00", "local time of day (HH:MM) they are posted"},
                {"zone", K::string, "", "time zone of `time`; default `kpi.report_zone`"},
                {"queue", K::string, "KPI Reports", "helpdesk queue the posts go to"},
                {"teams", K::list, "", "teams with a report; empty = every team and overall"},
                {"formats", K::list, "html", "html, text and/or markdown"},
                {"post_empty", K::boolean, "false",
                 "post a team's report for a period without any of its tickets, calls or "
                 "surveys (by default it is skipped with a warning)"},
                {"staffing", K::boolean, "true",
                 "a \"Staffing for next week\" section: per queue the peak interval, agents "
                 "advised, expected service level (docs/staffing.md)"}},
               {{"period", {"week", "month"}},
                {"weekday", {"mon", "tue", "wed", "thu", "fri", "sat", "sun"}},
                {"formats", {"html", "text", "markdown"}}},
               {{"teams", "[]"}, {"zone", "Europe/Rome"}},
               ""});
  return v;
}

}  // namespace

Section connector_section(const ConnectorSpec* spec) {
  Section s{"connectors.<name>",
            "Keys of every connector block.",
            {{"type", K::string, "", "connector type (the types are listed below)", true},
             {"name", K::string, "", "instance name in logs and state; default the block's key"},
             {"enabled", K::boolean, "true", "false keeps the block but does not run it"},
             {"interval", K::duration, "5m", "time between polls"}},
            {},
            {},
            "helpdesk"};
  if (spec) {
    for (const auto& k : spec->keys) {
      bool common = false;
      for (const auto& c : s.keys) common = common || c.name == k.name;
      if (!common) s.keys.push_back(k);
    }
    s.examples = spec->examples;
    s.examples["type"] = spec->type;
    s.examples["name"] = spec->type;
    s.example_name = spec->type;
  }
  return s;
}

const std::vector<Section>& core_sections() {
  static const std::vector<Section> sections = build();
  return sections;
}

const Section* find_section(const std::string& path) {
  for (const auto& s : core_sections())
    if (s.path == path) return &s;
  return nullptr;
}

std::vector<std::string> child_sections(const std::string& path) {
  std::vector<std::string> out;
  const std::string prefix = path.empty() ? "" : path + ".";
  for (const auto& s : core_sections()) {
    if (s.path.empty() || s.path.compare(0, prefix.size(), prefix) != 0) continue;
    std::string rest = s.path.substr(prefix.size());
    if (rest.find('.') == std::string::npos) out.push_back(rest);
  }
  return out;
}

std::string type_name(KeyType t) {
  switch (t) {
    case KeyType::string:
      return "string";
    case KeyType::integer:
      return "integer";
    case KeyType::number:
      return "number";
    case KeyType::boolean:
      return "boolean";
    case KeyType::duration:
      return "duration";
    case KeyType::secret:
      return "secret";
    case KeyType::list:
      return "list";
    case KeyType::url:
      return "url";
    case KeyType::path:
      return "path";
  }
  return "value";
}

bool is_placeholder(const std::string& name) {
  return name.size() > 2 && name.front() == '<' && name.back() == '>';
}

}  // namespace dp::config
