// `deskpulse doctor` for RT: each check says what is wrong and how to fix it.
#pragma once

#include <string>
#include <vector>

#include "model/time.h"
#include "rt/api.h"

namespace dp::rt {

struct Check {
  std::string name;  // "reachable", "auth", "clock", ...
  bool ok = false;
  std::string detail;
  std::string fix;  // "" when ok
};

// A value deskpulse wrote to a ticket field (from the ledger), to read back.
struct Written {
  std::string field, ticket, value;
};

// Reachability and TLS, auth, rights (queues visible, transactions readable; per
// synced queue every field read and written visible; user fields set and read back on
// deskpulse's own record; per ticket field the last value written read back from its
// ticket), clock skew against RT's Date header. Stops after the first check that makes
// the rest meaningless. `now` is injected for tests.
Result<std::vector<Check>> rt_doctor(RtApi& api, Time now,
                                     const std::vector<Written>& written = {});

// Pure: the clock check from RT's Date header.
Check clock_check(const std::optional<std::string>& date_header, Time now,
                  Seconds tolerance = Seconds{120});

}  // namespace dp::rt
