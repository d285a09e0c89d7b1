// `deskpulse init` for RT: the custom fields, the reports queue and the rights the sink
// needs. REST2 can read all of it but cannot apply a field to a queue, so the changes
// go through an initialdata file and rt-setup-database (RT's own tool). On the RT host
// (site_config_dir set) init runs it; elsewhere it prints the file and the command.
// What already exists is read first, so a second run plans nothing and changes nothing.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "rt/api.h"

namespace dp::rt {

struct InitPlan {
  std::map<std::string, std::vector<std::string>> new_ticket_fields;  // name -> queues
  std::map<std::string, std::vector<std::string>> apply_fields;       // existing -> queues
  std::vector<std::string> new_user_fields;
  bool create_reports_queue = false;
  bool create_own_user = false;
  std::vector<std::string> missing_queues;  // configured but not in RT: init stops

  bool empty() const {
    return new_ticket_fields.empty() && apply_fields.empty() && new_user_fields.empty() &&
           !create_reports_queue && !create_own_user;
  }
};

struct InitReport {
  InitPlan plan;
  std::string initialdata;                 // "" when there is nothing to do
  std::string command;                     // how to apply it
  bool applied = false;                    // rt-setup-database ran here
  std::string output;                      // its output
  std::vector<std::string> lines() const;  // what to tell the user, one line each
};

// Reads custom fields, queues and users through REST2 and decides what is missing.
Result<InitPlan> plan_init(RtApi& api);
// Pure: the initialdata (Perl) that makes the plan real, with the rights: Privileged
// may see the fields and the reports; deskpulse's user may set the fields and post.
std::string initialdata(const RtOptions& o, const InitPlan& plan);
// Plans, then applies on the RT host (site_config_dir) or returns the steps to print.
Result<InitReport> rt_init(RtApi& api);

}  // namespace dp::rt
