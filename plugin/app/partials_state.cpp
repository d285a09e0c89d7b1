#include "app/partials_state.h"

#include <charconv>
#include <functional>

namespace dp::app {

namespace {

std::string tag_of(int64_t version, const kpi::Context& ctx) {
  return std::to_string(version) + ':' + kpi::context_fingerprint(ctx) + ":f" +
         std::to_string(kpi::kPartialsFormat);
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

Result<std::optional<std::vector<kpi::Row>>> compute_from_state(
    Store& store, const kpi::Context& ctx, const std::function<kpi::Context(Records&)>& records_ctx,
    const kpi::Request& req, bool* rebuilt) {
  using Rows = std::optional<std::vector<kpi::Row>>;
  if (rebuilt) *rebuilt = false;
  const auto& zone = ctx.options.report_zone;
  if (!kpi::DayMerger::make(zone, 0, ctx.options, req)) return Rows();  // not whole days
  auto version = store.data_version();
  if (!version) return version.error();
  auto tag = store.partials_tag();
  if (!tag) return tag.error();
  const std::string want = tag_of(*version, ctx) + ':';
  if (*tag && (*tag)->starts_with(want)) {
    long long calls = 0;
    const std::string rest = (*tag)->substr(want.size());
    std::from_chars(rest.data(), rest.data() + rest.size(), calls);
    auto merger = kpi::DayMerger::make(zone, calls, ctx.options, req);
    if (!merger) return merger.error();
    auto read = store.each_partial_day(
        merger->first_day(), merger->end_day(),
        [&](int32_t day, std::string_view blob) { return merger->add_day(day, blob); });
    if (!read) return read.error();
    return Rows(merger->finish());
  }
  auto records = store.load_all();
  if (!records) return records.error();
  const kpi::Context full = records_ctx(*records);
  auto p = store_partials(store, *records, full);
  if (!p) return p.error();
  if (rebuilt) *rebuilt = true;
  auto rows = kpi::compute_from_partials(*p, full.options, req);
  if (!rows) return rows.error();
  return Rows(std::move(*rows));
}

}  // namespace dp::app
