// What the KPI engine is told besides the records: calendars, the agent directory,
// parameters and business figures. Plain data, filled by plugin/config (or by tests).
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/records.h"
#include "model/time.h"

namespace dp::kpi {

// Business hours of a team. Minutes since local midnight, [start, end).
struct DayHours {
  int start_min = 0;
  int end_min = 0;
};

struct Calendar {
  std::string name;
  std::string zone = "UTC";  // IANA
  // Index 0 = Monday ... 6 = Sunday; several intervals per day allowed (lunch break).
  std::vector<DayHours> week[7];
  std::vector<std::chrono::sys_days> holidays;  // local dates, whole day closed
  bool always_open() const;                     // 24x7 (the default when none is set)
};

enum class Ownership { at_resolution, at_first_response };
enum class TopicSource { automatic, tags, field, subject };

// Business figures for one month ("YYYY-MM"), from config. Each is optional: a KPI
// that needs a missing one is reported unavailable with the reason.
struct BusinessMonth {
  std::optional<double> support_cost;
  std::optional<double> acquisition_spend;
  std::optional<double> visits;
  std::optional<double> sales;
  std::optional<double> gross_margin;  // fraction 0..1
};

struct Targets {
  std::optional<Seconds> frt;         // business time
  std::optional<Seconds> resolution;  // business time
  std::map<std::string, double> kpi;  // kpi id -> target value (reports: met/near/missed)
};

struct Options {
  std::string report_zone = "UTC";
  int min_sample = 10;
  Seconds sl_threshold{20};
  Seconds short_abandon{5};
  Seconds backlog_age{24 * 3600};  // business seconds
  int fcr_days = 7;
  Seconds link_window{2 * 3600};  // call -> ticket by caller number (plugin/sync/link.h)
  Ownership ownership = Ownership::at_resolution;
  TopicSource topic_source = TopicSource::automatic;
  std::string topic_field = "topic";  // key in Ticket::extra (connectors write "topic")
  int top_topics = 10;
  double sl_target = 0.8;  // for agents_required (Erlang C)
  Seconds erlang_interval{1800};
  Targets targets;
  std::map<std::string, BusinessMonth> business;  // "YYYY-MM" -> figures
  std::string default_calendar;                   // name in `calendars`; "" = 24x7
};

struct Context {
  std::map<std::string, Agent> agents;        // by agent id
  std::map<std::string, Calendar> calendars;  // by name
  Options options;
};

}  // namespace dp::kpi
