// Partials as stored rows (internal to the rollup): one row per day, grouping code
// (kpi::encode_row(): a grouping, or kpi::kWaitingRow + grouping for its waiting
// figures) and key. Also the phone-key index the scopes read (scope.h).
#pragma once

#include <cstdint>
#include <vector>

#include "kpi/partials.h"
#include "model/records.h"
#include "model/result.h"
#include "store/store.h"

namespace dp::rollup {

// The phone keys (sync::phone_key()) of `r`'s calls' callers and customers' phones,
// appended to `out` ("" for a customer without a phone: its key is removed).
void phone_keys_of(const Records& r, std::vector<Store::PhoneKey>& out);

// Every row of `p` as stored, in day order (compute's reading order); or, with `like`,
// exactly the rows `like` names, each with p's cells ("" where p has none: deleted).
std::vector<Store::PartialCell> cells_of(const kpi::Partials& p,
                                         const std::vector<Store::PartialCell>* like = nullptr);

// The rows of the cells either partials has, keys only (no cells), in day order.
std::vector<Store::PartialCell> touched(const kpi::Partials& a, const kpi::Partials& b);

// Partials built up to data version `version`, stored in place of the old with their
// tag (`refs`: some ticket names a call).
Result<void> write_partials(Store& store, const kpi::Partials& p, int64_t version,
                            const kpi::Context& ctx, bool refs);

// Adds `held` to the partials stored so far (`first`: a build's first spill; the stored
// ones are dropped first), kSpillDays days at a time, and empties it. Until the build
// writes its tag, the stored tag says kBuilding: stale.
inline constexpr const char* kBuilding = "building";
inline constexpr size_t kSpillDays = 16;
Result<void> spill(Store& store, kpi::Partials& held, bool first);

}  // namespace dp::rollup
