// What deskpulse's RT user can see: the queues it syncs and, per queue, the custom
// fields applied there that it may see. RT 5.0.3 cannot tell a field deskpulse may not
// see from one that does not exist (both are simply left out, and a survey value on a
// hidden field is left out of every transaction page without a marker), so everything
// deskpulse reads or writes is checked here by name, per queue, and a gap is said out
// loud: by `doctor` as a FAIL, by each `sync` as a warning.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "rt/api.h"
#include "rt/rest_json.h"

namespace dp::rt {

struct Visibility {
  std::vector<UserRef> queues;                            // every queue it sees
  std::map<std::string, std::set<std::string>> on_queue;  // synced queue -> fields
  std::vector<std::string> queues_not_visible;            // configured, not seen
};

// GET /queues/all, then GET /queue/N/customfields for each queue deskpulse syncs
// (`queues`, or every queue but the reports queue).
Result<Visibility> visibility(RtApi& api);

// Every item of a paged REST2 list ({id, Name}); bounded.
Result<std::vector<UserRef>> list_all(RtApi& api, http::Request first);

// The site fields deskpulse reads, as configured: (key, field name), e.g.
// ("csat_field", "CSAT"); keys left empty are left out.
std::vector<std::pair<std::string, std::string>> fields_read(const RtOptions& o);

// The site fields deskpulse reads (csat, nps, topic, channel) that it cannot see on a
// queue it syncs, one line each, naming the right to grant. Pure.
std::vector<std::string> unreadable_fields(const RtOptions& o, const Visibility& v);

}  // namespace dp::rt
