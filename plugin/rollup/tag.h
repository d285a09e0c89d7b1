// The partials' freshness tag (internal to the rollup). The stored tag says for which
// data version and engine context the partials were built, in which format, and the
// record totals they count: "<version>:<context fingerprint>:f<format>:<calls>,
// <tickets>,<sessions>,<customers>:<refs|->". Partials are current only when the tag
// starts with tag_of() of the store's data version and the caller's context; any
// other tag (none, "building", another version or context, damaged) means stale.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kpi/partials.h"
#include "model/result.h"
#include "store/store.h"

namespace dp::rollup {

// The tag's head: what must match for the partials to be current.
std::string tag_of(int64_t version, const kpi::Context& ctx);

// What the tag says besides the version and context: the numbers of call, ticket,
// agent session and customer records (not per day) and whether any ticket names a call
// (then links cross requesters, and changes are not followed incrementally).
struct TagRest {
  kpi::Totals totals;
  bool refs = false;
};
std::string tag_rest(const TagRest& t);

// The rest of the stored tag when it is current for `version` and `ctx`; nullopt when
// the partials are stale.
Result<std::optional<TagRest>> current_tag(Store& store, int64_t version, const kpi::Context& ctx);

// Whether the stored partials are current for the store's data version and `ctx`.
Result<bool> is_current(Store& store, const kpi::Context& ctx);

}  // namespace dp::rollup
