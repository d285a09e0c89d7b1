// What each KPI family accumulates and how it emits a key's rows from that
// (docs/performance.md). The accumulators add up over days and merge (and, with
// sketched samples, unmerge); the record engine and the per-day partial aggregates
// (kpi/partials.h) share the emitters, so n, intervals, flags and definitions are the
// same code. Families that do not simply add up say how they are made to: open_cases
// and backlog as per-day changes of a state, ticket_handle_time with corrections for
// tickets worked on several days, occupancy per agent, agents_required per interval,
// the customer base from the customers' spans.
#pragma once

#include <array>
#include <map>
#include <set>
#include <string>

#include "kpi/emit.h"
#include "kpi/facts.h"
#include "kpi/sample.h"
#include "model/records.h"

namespace dp::kpi {

// Adds `from`'s counts times `sign` into `into`, dropping counts that reach 0 (so that
// merging a contribution and taking it out again leaves the map as it was).
template <class K, class Less>
void merge_counts(std::map<K, long long, Less>& into, const std::map<K, long long, Less>& from,
                  int sign) {
  for (const auto& [k, n] : from) {
    auto it = into.try_emplace(k, 0).first;
    it->second += sign * n;
    if (it->second == 0) into.erase(it);
  }
}

// Queue calls offered in a window (docs/kpis.md, "Calls").
struct CallTally {
  explicit CallTally(Sample::Mode m = Sample::Mode::exact) : waits(m), handles(m) {}
  long long offered = 0, answered = 0, in_sl = 0, abandoned = 0, short_abandoned = 0, blocked = 0;
  Sample waits, handles;                      // answered calls
  void add(const Call& c, const Options& o);  // an inbound call
  void merge(const CallTally& o, int sign = 1);
  bool operator==(const CallTally&) const = default;
  // The fields the partials store and merge (kpi/cell_parts.h).
  template <class T>
  static auto counts(T& t) {
    return std::array{&t.offered,   &t.answered,        &t.in_sl,
                      &t.abandoned, &t.short_abandoned, &t.blocked};
  }
  template <class T>
  static auto samples(T& t) {
    return std::array{&t.waits, &t.handles};
  }
};
// any_calls: whether the records hold any call (else counts are unknown, not 0).
void emit_calls(Emitter& e, const std::string& key, const CallTally& q, const Options& o,
                bool any_calls);

// Durations of tickets in business and calendar time.
struct Durations {
  explicit Durations(Sample::Mode m = Sample::Mode::exact) : business(m), calendar(m) {}
  Sample business, calendar;
  void add(Seconds b, Seconds c) {
    business.add(double(b.count()));
    calendar.add(double(c.count()));
  }
  void merge(const Durations& o, int sign = 1) {
    business.merge(o.business, sign);
    calendar.merge(o.calendar, sign);
  }
  bool operator==(const Durations&) const = default;
  template <class T>
  static auto samples(T& t) {
    return std::array{&t.business, &t.calendar};
  }
};
// frt: `all` in the window of the first response, `human` of the first human response.
void emit_frt(Emitter& e, const std::string& key, const Durations& all, const Durations& human);
// resolution_time, in the window of the final resolution.
void emit_resolution(Emitter& e, const std::string& key, const Durations& d);

// Outcomes of tickets resolved in a window (fcr, reopen_rate, sla_compliance,
// replies_per_ticket).
struct Outcomes {
  long long resolved = 0, fcr = 0, one_touch = 0, no_reopen = 0, reopened = 0;
  long long sla_n = 0, sla_met = 0, frt_met = 0, res_met = 0;
  long long replies = 0, replies_sq = 0;  // public agent replies, their squares
  void add(const TicketFacts& f, const Targets& tg);
  void merge(const Outcomes& o, int sign = 1);
  bool operator==(const Outcomes&) const = default;
  template <class T>
  static auto counts(T& t) {
    return std::array{&t.resolved, &t.fcr,     &t.one_touch, &t.no_reopen, &t.reopened,  &t.sla_n,
                      &t.sla_met,  &t.frt_met, &t.res_met,   &t.replies,   &t.replies_sq};
  }
};
void emit_outcomes(Emitter& e, const std::string& key, const Outcomes& o, const Options& opt);

// resolution_rate: tickets resolved in the window / tickets assigned in the window.
void emit_resolution_rate(Emitter& e, const std::string& key, long long resolved,
                          long long assigned);

// Requests per channel: tickets created and calls offered (docs/kpis.md,
// "request_volume", "volume_by_channel").
struct Volumes {
  std::map<std::string, long long> by_channel;
  void add(const std::string& channel) { ++by_channel[channel]; }
  void merge(const Volumes& o, int sign = 1);
  bool operator==(const Volumes&) const = default;
};
// `channels`: every channel with requests in the window under any key of the grouping;
// `any`: whether the records hold any ticket or call at all (else the counts are unknown).
void emit_volumes(Emitter& e, const std::string& key, const Volumes& v,
                  const std::set<std::string>& channels, bool any);

// Survey responses per kind, counted per scale and score (docs/kpis.md, "Customer
// experience"): exact, and they merge like counts. Every survey KPI reads only these.
struct SurveyTally {
  struct Point {
    double lo = 1, hi = 5, score = 0;  // the response's scale and score
    auto operator<=>(const Point&) const = default;
  };
  using Points = std::map<Point, long long>;
  static constexpr size_t kKinds = 8;  // SurveyKind values
  std::array<Points, kKinds> kinds;
  void add(const Survey& s) { ++kinds[size_t(s.kind)][{s.scale_min, s.scale_max, s.score}]; }
  void merge(const SurveyTally& o, int sign = 1);
  bool operator==(const SurveyTally&) const = default;
};
// csat, nps, ces, iqs, esat and cli, in the window of the answer.
void emit_surveys(Emitter& e, const std::string& key, const SurveyTally& t);

// Chatbot tallies (docs/kpis.md, "Chatbots"): tickets by first response and by first
// bot response, csat responses on contained tickets and on the rest.
struct BotTally {
  long long responded = 0, bot_first = 0;        // by first response
  long long bot_tickets = 0, contained = 0;      // by first bot response
  long long bot_csat_n = 0, bot_csat_top = 0;    // csat on contained tickets
  long long rest_csat_n = 0, rest_csat_top = 0;  // every other csat response
  void merge(const BotTally& o, int sign = 1);
  bool operator==(const BotTally&) const = default;
  template <class T>
  static auto counts(T& t) {
    return std::array{&t.responded,  &t.bot_first,    &t.bot_tickets, &t.contained,
                      &t.bot_csat_n, &t.bot_csat_top, &t.rest_csat_n, &t.rest_csat_top};
  }
};
// Resolved with no public human reply and never reopened.
bool bot_contained(const TicketFacts& f);
// A csat response, on a contained ticket or not.
void add_bot_csat(BotTally& b, const Survey& v, bool contained);
void emit_bots(Emitter& e, const std::string& key, const BotTally& b);

// Tickets waiting at a window's end (docs/kpis.md, "open_cases", "backlog"): unresolved
// (neither resolved, closed, merged nor deleted), of those new/open with the customer's
// message last, and unresolved for at least backlog_age business time. In partials a
// day holds the changes that take effect at its end; a window's end sums all earlier days.
struct Waiting {
  long long unresolved = 0, open = 0, backlog = 0;
  void merge(const Waiting& o, int sign = 1) {
    unresolved += sign * o.unresolved;
    open += sign * o.open;
    backlog += sign * o.backlog;
  }
  bool operator==(const Waiting&) const = default;
};
// any_tickets: whether the records hold any ticket (else the counts are unknown).
void emit_waiting(Emitter& e, const std::string& key, const Waiting& w, const Options& o,
                  bool any_tickets);

// Topics (docs/kpis.md, "top_topics", "resolution_consistency"): tickets created per
// topic, and the resolution times of tickets resolved per primary topic ("" none).
struct TopicTally {
  struct Times {
    Sample::Moments business, calendar;  // whole seconds
    bool operator==(const Times&) const = default;
  };
  std::map<std::string, long long> created;
  std::map<std::string, Times> resolved;
  void merge(const TopicTally& o, int sign = 1);
  bool operator==(const TopicTally&) const = default;
};
// top_topics: `now` the window's counts, `before` the previous window's.
void emit_top_topics(Emitter& e, const std::string& key,
                     const std::map<std::string, long long>& now,
                     const std::map<std::string, long long>& before, int top);
void emit_consistency(Emitter& e, const std::string& key,
                      const std::map<std::string, TopicTally::Times>& resolved);

// Business figures (docs/kpis.md, "Business figures"), overall only: conversion_rate
// reads the config alone; cost_per_resolution the tickets resolved and calls answered.
void emit_conversion(Emitter& e, const Options& o, const Window& w);
void emit_cost_per_resolution(Emitter& e, const Options& o, const Window& w, long long resolved,
                              long long answered);

// The customer base (docs/kpis.md, "Customer base"; cac and clv from "Business
// figures"), overall only: its counts over the window (any_customers: whether the
// records hold any customer), and the window's interactions (tickets created + calls
// offered + survey responses) for engagement.
struct CustomerBase;
void emit_customer_base(Emitter& e, const Options& o, const Window& w, const CustomerBase& b,
                        bool any_customers, long long interactions);
void emit_cac(Emitter& e, const Options& o, const Window& w, const CustomerBase& b);
void emit_clv(Emitter& e, const Options& o, const Window& w, const CustomerBase& b);

// Occupancy (docs/kpis.md, "occupancy"), per agent: logged-in time (sessions minus
// pauses, in whole nanoseconds so that sums stay exact) and the answered calls they
// handled. Only agents logged in during a window count, with their calls.
struct AgentLoad {
  long long logged_parts = 0;  // session pieces with logged-in time
  long long logged_ns = 0;
  long long handle_s = 0, calls = 0;
  void add_logged(double secs);
  void add_call(const Call& c);  // an answered call
  bool operator==(const AgentLoad&) const = default;
};
struct Occupancy {
  std::map<std::string, AgentLoad> agents;  // by agent id
  void merge(const Occupancy& o, int sign = 1);
  bool operator==(const Occupancy&) const = default;
};
// Logged-in seconds of a session inside [w.from, w.to); pauses are spread evenly.
double logged_in(const AgentSession& a, const Window& w);
// any_sessions: whether the records hold any agent session (else: no login data).
void emit_occupancy(Emitter& e, const std::string& key, const Occupancy& occ, bool any_sessions);

// agents_required (docs/kpis.md), overall and per queue: calls offered per interval of
// options.erlang_interval (at least 60 s) counted from the window's start, and the
// window's totals for AHT and patience.
struct StaffingLoad {
  std::map<long long, long long> per_interval;  // interval number -> calls offered
  long long offered = 0, abandoned = 0, answered = 0;
  long long handle_s = 0, waited_s = 0;
};
long long erlang_interval(const Options& o);  // seconds
void emit_agents_required(Emitter& e, const std::string& key, const StaffingLoad& l,
                          const Options& o);

// ticket_handle_time (docs/kpis.md): the time spent recorded per ticket worked on, a
// ticket's seconds summed over the window, as exact moments over tickets.
void emit_handle_time(Emitter& e, const std::string& key, const Sample::Moments& per_ticket);

}  // namespace dp::kpi
