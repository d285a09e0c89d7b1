// The deskpulse configuration of the tests that run deskpulse against the private RT
// (tests/integration/rt_e2e, tests/crash).
#pragma once

#include <sstream>
#include <string>

#include "rt_server.h"

namespace dp::test {

inline constexpr const char* kReportsQueue = "KPI Reports";

// deskpulse.yaml as the admin writes it for the RT of the tests seeded by seed.pl
// (queues Support and Billing, agents alice, bob, carol, dave in tiers 1 and 2, a CSAT
// field), with deskpulse's own token in ${RT_TOKEN}; `url` is RT's (or a proxy in front
// of it), `extra_rt_keys` more lines of the rt block.
inline std::string deskpulse_yaml(const RtServer& rt, const std::string& url = "",
                                  const std::string& extra_rt_keys = "") {
  std::ostringstream y;
  y << "state: state.db\n"
       "connectors:\n"
       "  rt:\n"
       "    type: rt\n"
       "    url: "
    << (url.empty() ? rt.url() : url) << "\n"
    << extra_rt_keys
    << "    token: ${RT_TOKEN}\n"
       "    own_user: deskpulse\n"
       "    queues: [Support, Billing]\n"
       "    csat_field: CSAT\n"
       "    topic_field: Topic\n"
       "    site_config_dir: "
    << rt.site_config_dir()
    << "\n"
       "    interval: 1m\n"
       "calendars:\n"
       "  always: {zone: UTC}\n"
       "teams:\n"
       "  tier1: {calendar: always}\n"
       "  tier2: {calendar: always}\n"
       "agents:\n"
       "  alice: {team: tier1}\n"
       "  bob: {team: tier1}\n"
       "  carol: {team: tier2}\n"
       "  dave: {team: tier2}\n"
       "writeback:\n"
       "  sink: rt\n"
       "  max_writes_per_second: 50\n"
       "  ticket_fields:\n"
       "    frt_business: KPI First Response (business hours)\n"
       "    frt_business_minutes: KPI First Response (business minutes)\n"
       "    resolution_business: KPI Resolution (business hours)\n"
       "    reopen_count: KPI Reopens\n"
       "    fcr: KPI First Contact Resolution\n"
       "  agent_fields:\n"
       "    csat: KPI CSAT (30d)\n"
       "    frt_median: KPI First Response (30d)\n"
       "report:\n"
       "  sink: rt\n"
       // The exactly-once tests post the weeks after the seeded data (pinned_now + N
       // weeks): empty periods, which are not posted by default.
       "  post_empty: true\n"
       "  queue: "
    << kReportsQueue << "\n";
  return y.str();
}

}  // namespace dp::test
