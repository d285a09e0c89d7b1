#include "rollup/tag.h"

#include <charconv>

namespace dp::rollup {

std::string tag_of(int64_t version, const kpi::Context& ctx) {
  return std::to_string(version) + ':' + kpi::context_fingerprint(ctx) + ":f" +
         std::to_string(kpi::kPartialsFormat) + ':';
}

std::string tag_rest(const TagRest& t) {
  return std::to_string(t.totals.calls) + ',' + std::to_string(t.totals.tickets) + ',' +
         std::to_string(t.totals.sessions) + ',' + std::to_string(t.totals.customers) +
         (t.refs ? ":refs" : ":-");
}

Result<std::optional<TagRest>> current_tag(Store& store, int64_t version, const kpi::Context& ctx) {
  auto tag = store.partials_tag();
  if (!tag) return tag.error();
  const std::string want = tag_of(version, ctx);
  if (!*tag || !(*tag)->starts_with(want)) return std::optional<TagRest>();
  TagRest t;
  const std::string rest = (*tag)->substr(want.size());
  const char* end = rest.data() + rest.size();
  const char* at = rest.data();
  for (long long* v : {&t.totals.calls, &t.totals.tickets, &t.totals.sessions}) {
    at = std::from_chars(at, end, *v).ptr;
    if (at == end || *at != ',') return std::optional<TagRest>();  // damaged
    ++at;
  }
  std::from_chars(at, end, t.totals.customers);
  t.refs = rest.ends_with(":refs");
  return std::optional<TagRest>(t);
}

Result<bool> is_current(Store& store, const kpi::Context& ctx) {
  auto version = store.data_version();
  if (!version) return version.error();
  auto tag = current_tag(store, *version, ctx);
  if (!tag) return tag.error();
  return tag->has_value();
}

}  // namespace dp::rollup
