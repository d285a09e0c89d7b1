#include "app/partials_state.h"

#include <charconv>
#include <functional>

namespace dp::app {

namespace {

std::string tag_of(int64_t version, const kpi::Context& ctx) {
  return std::to_string(version) + ':' + kpi::context_fingerprint(ctx);
}

}  // namespace

Result<kpi::Partials> store_partials(Store& store, const Records& records,
                                     const kpi::Context& ctx) {
  auto version = store.data_version();
  if (!version) return version.error();
  kpi::Partials p = kpi::build_partials(kpi::Input(records, ctx));
  std::vector<Store::PartialDay> days;
  for (kpi::Day d : p.days()) days.push_back({d, kpi::encode_day(p, d)});
  // The call count rides along in the tag: it is not per day.
  const std::string tag = tag_of(*version, ctx) + ':' + std::to_string(p.calls_total);
  if (auto r = store.replace_partials(days, tag); !r) return r.error();
  return p;
}

Result<PartialsLoad> current_partials(Store& store, const kpi::Context& ctx,
                                      const std::function<kpi::Context(Records&)>& records_ctx) {
  auto version = store.data_version();
  if (!version) return version.error();
  auto tag = store.partials_tag();
  if (!tag) return tag.error();
  const std::string want = tag_of(*version, ctx) + ':';
  if (*tag && (*tag)->starts_with(want)) {
    PartialsLoad out;
    out.partials.zone = ctx.options.report_zone;
    const std::string calls = (*tag)->substr(want.size());
    std::from_chars(calls.data(), calls.data() + calls.size(), out.partials.calls_total);
    auto days = store.partials();
    if (!days) return days.error();
    for (const auto& d : *days)
      if (auto r = kpi::decode_day(d.cells, d.day, out.partials); !r) return r.error();
    return out;
  }
  auto records = store.load_all();
  if (!records) return records.error();
  const kpi::Context full = records_ctx(*records);
  auto p = store_partials(store, *records, full);
  if (!p) return p.error();
  return PartialsLoad{std::move(*p), true};
}

}  // namespace dp::app
