// `deskpulse init` for RT: the custom fields, the reports queue and the rights the sink
// needs. REST2 cannot apply a field to a queue or grant a right, so the changes go
// through an initialdata file and rt-setup-database (RT's own tool). On the RT host
// (site_config_dir set) init runs it; elsewhere it prints the file and the command.
// What exists is read first (a second run plans nothing); the file itself looks
// everything up again, so applying it as often as anyone likes creates nothing twice.
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
  std::string plan_error;                  // what could not be read with these credentials
  std::string initialdata;                 // "" when there is nothing to do
  std::string command;                     // how to apply it
  bool applied = false;                    // rt-setup-database ran here
  std::string output;                      // its output
  std::vector<std::string> lines() const;  // what to tell the user, one line each
  bool needed() const {
    return !plan_error.empty() || !plan.empty() || !plan.missing_queues.empty();
  }
};

// Reads custom fields, queues and users through REST2 and decides what is missing.
Result<InitPlan> plan_init(RtApi& api);
// Pure: the initialdata (Perl, run by rt-setup-database as RT's system user) that
// makes everything deskpulse needs exist: its ticket fields (applied to `queues`) and
// user fields, each looked up by name and lookup type and created only when missing;
// the reports queue; deskpulse's user; and the rights, each granted only when missing:
// Privileged may see the fields and the reports; deskpulse's user may see the queues
// it syncs (per queue), the fields it reads, see and set the fields it writes (rights
// on the field objects themselves, so a user field and a ticket field of one name are
// never confused) and post reports; nothing global (no AdminUsers, no SuperUser).
// Applying it any number of times changes nothing after the first.
std::string initialdata(const RtOptions& o);
// Plans with the given credentials; when something is missing (or not visible), applies
// the initialdata on the RT host (`apply` and site_config_dir) or returns the steps.
Result<InitReport> rt_init(RtApi& api, bool apply = true);

}  // namespace dp::rt
