// connectors: each block checked against the spec of its type.
#include <set>

#include "config/builders.h"
#include "config/refs.h"
#include "config/suggest.h"

namespace dp::config {
namespace {

const ConnectorSpec* find_spec(const std::vector<ConnectorSpec>& specs, const std::string& type) {
  for (const auto& s : specs)
    if (s.type == type) return &s;
  return nullptr;
}

// nullptr (reported) when the block has no usable type.
const ConnectorSpec* spec_of(Ctx& ctx, const Entry& e, const std::string& path,
                             const std::vector<ConnectorSpec>& specs) {
  if (!e.value.IsMap()) return nullptr;  // check_map reports it
  const YAML::Node type = e.value["type"];
  if (!type || !type.IsScalar()) return nullptr;  // missing / wrong type: check_map reports it
  if (const ConnectorSpec* s = find_spec(specs, type.Scalar())) return s;
  std::vector<std::string> known;
  for (const auto& s : specs) known.push_back(s.type);
  std::string hint = closest(type.Scalar(), known);
  ctx.problems.add(type.Mark(), join_path(path, "type"),
                   "unknown connector type '" + type.Scalar() + "' (known: " + join(known) + ")" +
                       (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  return nullptr;
}

}  // namespace

std::vector<Block> build_connectors(Ctx& ctx, const YAML::Node& node,
                                    const std::vector<ConnectorSpec>& specs) {
  std::vector<Block> out;
  std::set<std::string> names;
  for (const auto& e : entries(ctx, node, "connectors")) {
    const std::string path = "connectors." + e.name;
    const ConnectorSpec* spec = spec_of(ctx, e, path, specs);
    Section section = connector_section(spec);
    // Without a known type only the common keys can be judged; the rest would be noise.
    if (!spec && e.value.IsMap()) {
      YAML::Node common;
      for (const auto& k : section.keys)
        if (e.value[k.name]) common[k.name] = e.value[k.name];
      if (common["type"] && common["type"].IsScalar()) {  // reported by spec_of
        section.keys.erase(section.keys.begin());
        common.remove("type");
      }
      check_map(ctx, common, path, section, e.key.Mark());
      continue;
    }
    Checked c = check_map(ctx, e.value, path, section, e.key.Mark());
    Block b = std::move(c.block);
    b.type = b.str("type");
    b.name = b.has("name") ? b.str("name") : e.name;
    b.values["name"] = b.name;
    const YAML::Mark m = e.key.Mark();
    b.where = ctx.file + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1) +
              " " + path;
    b.line = m.line + 1;
    b.column = m.column + 1;
    b.path = path;
    if (b.has("interval") && b.duration("interval").count() == 0)
      ctx.problems.add(c.where("interval"), c.at("interval"), "must be more than 0");
    if (!names.insert(b.name).second)
      ctx.problems.add(c.where("name"), c.at("name"),
                       "another connector is already named '" + b.name + "'");
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace dp::config
