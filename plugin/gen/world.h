// The cast of the generated data: teams, their zones and hours, phone queues, agents,
// the bot, topics, shaped by GenOptions (agents, teams, queues). Everything else is
// drawn per ticket, call or day.
#pragma once

#include <chrono>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gen/generate.h"

namespace dp::gen {

struct Topic {
  std::string_view tag;
  std::string_view en[2];  // subject phrases; "{n}" becomes a number
  std::string_view it[2];
};

struct Team {
  std::string name;           // also its tickets' queue
  std::string_view calendar;  // the calendar its agents work in; names its zone and hours
  std::string_view zone;
  double ticket_share, call_share;
  int open_hour, close_hour;  // Monday to Friday, local time
  double italian_share;       // of subjects
  std::span<const Topic> topics;
};

// A phone queue, answered by one team's agents.
struct Queue {
  std::string name;
  size_t team;
  double call_share;  // of all calls
};

struct Staff {
  std::string id;
  size_t team;
  double quality;    // -1..1: drives survey scores
  double speed;      // multiplies reply delays and talk time
  std::string name;  // display name: "marco.bianchi" -> "Marco Bianchi"
};

// A login like "marco.bianchi" as a person's name, "Marco Bianchi": each dot-separated
// part with its first letter upper-cased (ASCII).
std::string display_name(std::string_view login);

class World {
 public:
  explicit World(const GenOptions& opt);

  const GenOptions& options() const { return opt_; }
  std::span<const Team> teams() const { return teams_; }
  const std::vector<Queue>& queues() const { return queues_; }
  // Weights for drawing a ticket's team and a call's queue: in the default shape, the
  // three teams' shares as they always were.
  std::span<const double> ticket_weights() const { return ticket_weights_; }
  std::span<const double> call_weights() const { return call_weights_; }
  const std::vector<Staff>& agents() const { return agents_; }  // humans only
  const std::vector<size_t>& agents_of(size_t team) const { return by_team_[team]; }
  const std::string& bot() const { return bot_; }
  std::string id(std::string_view native) const {
    return opt_.id_prefix + ":" + std::string(native);
  }

  Time start() const { return opt_.start; }
  Time end() const { return end_; }
  int day_count() const { return opt_.weeks * 7; }

  // Local wall clock of a team <-> UTC. The offset is taken once per local day
  // (DST changes at night, when the generated teams are closed).
  Time to_utc(size_t team, std::chrono::sys_days local_day, Seconds time_of_day) const;
  std::chrono::sys_days local_day(size_t team, Time t) const;
  bool is_workday(std::chrono::sys_days local_day) const;
  bool in_hours(size_t team, Time t) const;
  // `t` if within business hours, else the next opening.
  Time next_open(size_t team, Time t) const;

 private:
  Seconds offset(size_t team, std::chrono::sys_days local_day) const;

  void make_teams();
  void make_queues();
  void make_agents();
  void make_offsets();

  GenOptions opt_;
  Time end_;
  std::vector<Team> teams_;
  std::vector<Queue> queues_;
  std::vector<double> ticket_weights_, call_weights_;
  std::vector<Staff> agents_;
  std::vector<std::vector<size_t>> by_team_;
  std::string bot_;
  std::chrono::sys_days first_day_;
  std::vector<std::vector<Seconds>> offsets_;  // [team % 3][day - first_day_]: by zone
};

}  // namespace dp::gen
