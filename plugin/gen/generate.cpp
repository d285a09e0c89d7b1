// The day loop: arrivals per day in each team's calendar, then each ticket's and
// call's own draw. Records leave as soon as they are made.
#include "gen/generate.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <tuple>

#include "gen/calls.h"
#include "gen/customers.h"
#include "gen/rng.h"
#include "gen/staff.h"
#include "gen/tickets.h"

namespace dp::gen {
namespace {

using namespace std::chrono;

constexpr uint64_t kDomainDay = 2, kDomainPick = 4, kDomainCallDay = 8, kDomainCallPick = 9;

// Relative volume of a day: Mondays are busiest, weekends quiet, phones nearly shut.
double day_weight(sys_days d, bool calls) {
  weekday wd{d};
  if (wd == Saturday) return calls ? 0.06 : 0.25;
  if (wd == Sunday) return calls ? 0.04 : 0.18;
  if (wd == Monday) return 1.15;
  if (wd == Friday) return 0.9;
  return 1.0;
}

// `total` split over the days in proportion to their weights, summing exactly.
std::vector<size_t> spread(size_t total, sys_days first, int n_days, bool calls) {
  std::vector<double> w(n_days);
  double sum = 0;
  for (int d = 0; d < n_days; ++d) sum += w[d] = day_weight(first + days{d}, calls);
  std::vector<size_t> out(n_days);
  double cum = 0;
  size_t given = 0;
  for (int d = 0; d < n_days; ++d) {
    cum += w[d];
    size_t upto = size_t(std::llround(double(total) * cum / sum));
    out[d] = upto - given;
    given = upto;
  }
  return out;
}

struct Arrival {
  Time at;
  size_t team;
  size_t queue = 0;  // of a call
};

// Local arrival time: mostly inside business hours with a late-morning peak; some
// off-hours; weekends spread over the day.
Seconds time_of_day(Rng& rng, const Team& t, bool workday, bool calls) {
  if (!workday) return Seconds{int64_t(rng.uniform(8, 20) * 3600)};
  if (rng.chance(calls ? 0.03 : 0.08)) return Seconds{int64_t(rng.uniform(0, 24) * 3600)};
  double u = std::pow((rng.uniform() + rng.uniform()) / 2, 1.3);
  return Seconds{int64_t((t.open_hour + u * (t.close_hour - t.open_hour)) * 3600)};
}

std::vector<Arrival> arrivals(const World& w, int day, size_t n, bool calls) {
  Rng rng(w.options().seed, calls ? kDomainCallDay : kDomainDay, uint64_t(day));
  sys_days local = floor<days>(w.start()) + days{day};
  auto teams = w.teams();
  std::vector<Arrival> out(n);
  for (auto& a : out) {
    if (calls) {
      a.queue = rng.weighted(w.call_weights());
      a.team = w.queues()[a.queue].team;
    } else {
      a.team = rng.weighted(w.ticket_weights());
    }
    // Teams west or east of UTC can land a local day's edge outside the period.
    for (int tries = 0; tries < 8; ++tries) {
      a.at = w.to_utc(a.team, local, time_of_day(rng, teams[a.team], w.is_workday(local), calls));
      if (a.at >= w.start() && a.at < w.end()) break;
    }
    a.at = std::clamp(a.at, w.start(), w.end() - Seconds{1});
  }
  std::stable_sort(out.begin(), out.end(), [](const Arrival& a, const Arrival& b) {
    return std::tie(a.at, a.team, a.queue) < std::tie(b.at, b.team, b.queue);
  });
  return out;
}

class Generator {
 public:
  Generator(const GenOptions& opt, RecordSink& sink)
      : w_(opt), sink_(sink), book_(w_, std::max<size_t>(50, opt.tickets * 2 / 5)) {}

  Result<GenStats> run() {
    report();
    write_agents();
    auto tickets = spread(w_.options().tickets, floor<days>(w_.start()), w_.day_count(), false);
    size_t n_calls =
        size_t(std::llround(double(w_.options().tickets) * w_.options().calls_per_ticket));
    auto calls = spread(n_calls, floor<days>(w_.start()), w_.day_count(), true);
    for (int d = 0; d < w_.day_count() && ok(); ++d) {
      for (const auto& a : arrivals(w_, d, tickets[d], false)) write_ticket(a);
      for (const auto& a : arrivals(w_, d, calls[d], true)) write_call(a);
      write_staff(d);
      report();
    }
    for (size_t i = 0; i < book_.size() && ok(); ++i) put(book_.record(i), stats_.customers);
    report();
    if (!ok()) return *err_;
    return stats_;
  }

 private:
  bool ok() const { return !err_; }
  void report() {
    if (Progress* p = w_.options().progress)
      p->step({.what = "generate",
               .done = ticket_no_,
               .total = w_.options().tickets,
               .unit = "tickets",
               .records = stats_.total()});
  }
  template <class T>
  void put(const T& v, size_t& count) {
    if (!ok()) return;
    if (auto r = sink_.put(v); !r) err_ = r.error();
    ++count;
  }

  void write_agents() {
    auto teams = w_.teams();
    for (const auto& a : w_.agents()) {
      const Team& team = teams[a.team];
      put(Agent{a.id, team.name, std::string(team.calendar), AgentKind::agent, a.name},
          stats_.agents);
    }
    // The bot answers chats and web forms with tech (the first team when there is no tech).
    const std::string& bot_team = teams[std::min<size_t>(1, teams.size() - 1)].name;
    put(Agent{w_.bot(), bot_team, std::nullopt, AgentKind::bot, "Helpbot"}, stats_.agents);
  }

  void write_ticket(const Arrival& a) {
    TicketSeed seed;
    seed.number = ++ticket_no_;
    Rng pick(w_.options().seed, kDomainPick, seed.number);
    size_t c = book_.pick(pick);
    seed.created = a.at;
    seed.team = a.team;
    seed.requester = book_.id(c);
    seed.earlier_ticket = book_.last_ticket(c);
    draft_ticket(w_, seed, draft_);
    put(draft_.ticket, stats_.tickets);
    for (const auto& e : draft_.events) put(e, stats_.events);
    if (w_.options().surveys)
      for (const auto& s : draft_.surveys) put(s, stats_.surveys);
    book_.touch(c, draft_.ticket.created_at);
    book_.touch(c, draft_.ticket.updated_at);
    book_.set_last_ticket(c, seed.number);
    if (ticket_no_ % 1024 == 0) report();
  }

  void write_call(const Arrival& a) {
    CallSeed seed;
    seed.number = ++call_no_;
    Rng pick(w_.options().seed, kDomainCallPick, seed.number);
    size_t c = book_.pick(pick);
    seed.offered = a.at;
    seed.team = a.team;
    seed.queue = a.queue;
    seed.caller = book_.phone(c);
    seed.recent_ticket = book_.last_ticket(c);
    draft_call(w_, seed, call_);
    put(call_, stats_.calls);
    book_.touch(c, call_.offered_at);
  }

  void write_staff(int day) {
    sessions_.clear();
    staff_surveys_.clear();
    staff_day(w_, day, sessions_, staff_surveys_);
    for (const auto& s : sessions_) put(s, stats_.sessions);
    if (w_.options().surveys)
      for (const auto& s : staff_surveys_) put(s, stats_.surveys);
  }

  World w_;
  RecordSink& sink_;
  CustomerBook book_;
  GenStats stats_;
  std::optional<Error> err_;
  size_t ticket_no_ = 0, call_no_ = 0;
  TicketDraft draft_;
  Call call_;
  std::vector<AgentSession> sessions_;
  std::vector<Survey> staff_surveys_;
};

// Collects records kind by kind and hands on a kind's records when there are `limit`
// of them, what is left of each kind at the end. Batches of one kind store faster than mixed ones:
// a batch of tickets alone dirties each index page of tickets once per batch, while a few days of
// everything would rewrite the random-order indexes (requester, caller) in every batch.
class BatchSink : public RecordSink {
 public:
  BatchSink(size_t limit, const std::function<Result<void>(Records&)>& take)
      : limit_(std::max<size_t>(1, limit)), take_(take) {}
  Result<void> put(const Ticket& v) override { return add(&Records::tickets, v); }
  Result<void> put(const TicketEvent& v) override { return add(&Records::events, v); }
  Result<void> put(const Call& v) override { return add(&Records::calls, v); }
  Result<void> put(const Survey& v) override { return add(&Records::surveys, v); }
  Result<void> put(const Customer& v) override { return add(&Records::customers, v); }
  Result<void> put(const Agent& v) override { return add(&Records::agents, v); }
  Result<void> put(const AgentSession& v) override { return add(&Records::sessions, v); }

  // What is left of each kind, one batch per kind.
  Result<void> flush() {
    Result<void> r;
    if (r) r = hand_on(&Records::agents);
    if (r) r = hand_on(&Records::customers);
    if (r) r = hand_on(&Records::tickets);
    if (r) r = hand_on(&Records::events);
    if (r) r = hand_on(&Records::calls);
    if (r) r = hand_on(&Records::surveys);
    if (r) r = hand_on(&Records::sessions);
    return r;
  }

 private:
  template <class T>
  Result<void> add(std::vector<T> Records::*kind, const T& v) {
    (r_.*kind).push_back(v);
    return (r_.*kind).size() < limit_ ? Result<void>() : hand_on(kind);
  }

  template <class T>
  Result<void> hand_on(std::vector<T> Records::*kind) {
    if ((r_.*kind).empty()) return {};
    Records batch;
    std::swap(batch.*kind, r_.*kind);
    auto r = take_(batch);
    // The vector comes back for the next batch unless `take_` moved it away: growing
    // a fresh one each time cost a tenth of generating into a state.
    std::swap(batch.*kind, r_.*kind);
    (r_.*kind).clear();
    return r;
  }

  size_t limit_;
  const std::function<Result<void>(Records&)>& take_;
  Records r_;
};

}  // namespace

Result<void> check_options(const GenOptions& opt) {
  if (opt.weeks <= 0) return make_error("weeks must be at least 1", "weeks");
  if (opt.id_prefix.empty()) return make_error("id prefix must not be empty", "id_prefix");
  if (opt.agents == 0) return make_error("agents must be at least 1", "agents");
  if (opt.agents > kMaxAgents)
    return make_error("agents must be at most " + std::to_string(kMaxAgents), "agents");
  if (opt.teams == 0) return make_error("teams must be at least 1", "teams");
  if (opt.teams > opt.agents)
    return make_error("more teams (" + std::to_string(opt.teams) + ") than agents (" +
                          std::to_string(opt.agents) + "): every team needs an agent",
                      "teams");
  if (opt.queues > kMaxQueues)
    return make_error("queues must be at most " + std::to_string(kMaxQueues), "queues");
  return {};
}

Result<GenStats> generate_to(const GenOptions& opt, RecordSink& sink) {
  if (auto ok = check_options(opt); !ok) return ok.error();
  return Generator(opt, sink).run();
}

Result<GenStats> generate_batches(const GenOptions& opt, size_t batch_records,
                                  const std::function<Result<void>(Records&)>& take) {
  BatchSink sink(batch_records, take);
  auto stats = generate_to(opt, sink);
  if (!stats) return stats;
  if (auto last = sink.flush(); !last) return last.error();
  return stats;
}

Records generate(const GenOptions& opt) {
  Records out;
  // Batches that never fill: one per kind at the end. Bad options give no records.
  (void)generate_batches(opt, SIZE_MAX, [&out](Records& r) -> Result<void> {
    out.append(std::move(r));
    return {};
  });
  return out;
}

}  // namespace dp::gen
