#include "config/checker.h"

#include <algorithm>
#include <set>
#include <sstream>

#include "config/suggest.h"
#include "config/values.h"

namespace dp::config {

void Problems::add(const YAML::Mark& mark, const std::string& key_path, std::string message) {
  bool known = !mark.is_null() && mark.line >= 0;
  list_.push_back({file_, known ? mark.line + 1 : 0, known ? mark.column + 1 : 0, key_path,
                   std::move(message)});
}

std::vector<Diagnostic> Problems::sorted() const {
  auto out = list_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
  return out;
}

std::string Diagnostic::str() const {
  std::ostringstream s;
  s << file;
  if (line > 0) s << ":" << line << ":" << column;
  s << ": ";
  if (!key_path.empty()) s << key_path << ": ";
  s << message;
  return s.str();
}

std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::vector<Entry> entries(Ctx& ctx, const YAML::Node& node, const std::string& path) {
  std::vector<Entry> out;
  if (!node || node.IsNull()) return out;
  if (!node.IsMap()) {
    ctx.problems.add(node.Mark(), path, "expected a map of keys");
    return out;
  }
  std::set<std::string> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      ctx.problems.add(it->first.Mark(), path, "keys must be plain names");
      continue;
    }
    const std::string& name = it->first.Scalar();
    if (!seen.insert(name).second) {
      ctx.problems.add(it->first.Mark(), join_path(path, name), "duplicate key");
      continue;
    }
    out.push_back({name, it->first, it->second});
  }
  return out;
}

YAML::Mark Checked::where(const std::string& key) const {
  auto it = nodes.find(key);
  return it == nodes.end() ? mark : it->second.Mark();
}

namespace {

const KeySpec* find_key(const Section& s, const std::string& name) {
  const KeySpec* open = nullptr;
  for (const auto& k : s.keys) {
    if (k.name == name) return &k;
    if (is_placeholder(k.name)) open = &k;
  }
  return open;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) out.push_back(item);
  return out;
}

void fill_defaults(Ctx& ctx, Checked& c, const Section& section) {
  for (const auto& k : section.keys) {
    if (is_placeholder(k.name) || c.block.values.count(k.name) || c.block.lists.count(k.name))
      continue;
    auto present = c.nodes.find(k.name);
    if (present != c.nodes.end() && !present->second.IsNull()) continue;  // checked already
    if (k.required) {
      // A required key given without a value was reported by check_value.
      if (present == c.nodes.end())
        ctx.problems.add(c.mark, c.at(k.name), "missing required key '" + k.name + "'");
    } else if (!k.default_value.empty()) {
      if (k.type == KeyType::list)
        c.block.lists[k.name] = split_list(k.default_value);
      else
        c.block.values[k.name] =
            k.type == KeyType::path ? resolve_path(ctx, k.default_value) : k.default_value;
    }
  }
}

}  // namespace

Checked check_map(Ctx& ctx, const YAML::Node& node, const std::string& path, const Section& section,
                  const YAML::Mark& fallback) {
  Checked c;
  c.path = path;
  c.mark = node && !node.Mark().is_null() && !node.IsNull() ? node.Mark() : fallback;
  std::size_t before = ctx.problems.count();
  const auto children = child_sections(section.path);
  std::vector<std::string> known;
  for (const auto& k : section.keys)
    if (!is_placeholder(k.name)) known.push_back(k.name);
  known.insert(known.end(), children.begin(), children.end());

  for (const auto& e : entries(ctx, node, path)) {
    const std::string at = c.at(e.name);
    c.key_marks[e.name] = e.key.Mark();
    if (std::find(children.begin(), children.end(), e.name) != children.end()) {
      c.nodes[e.name] = e.value;
    } else if (const KeySpec* spec = find_key(section, e.name)) {
      c.nodes[e.name] = e.value;
      auto ch = section.choices.find(spec->name);
      check_value(ctx, e.value, at, *spec, ch == section.choices.end() ? nullptr : &ch->second,
                  c.block, e.name);
    } else {
      ctx.problems.add(e.key.Mark(), at,
                       "unknown key '" + e.name + "'" + suggestion(e.name, known));
    }
  }
  fill_defaults(ctx, c, section);
  c.ok = ctx.problems.count() == before;
  return c;
}

Checked check_section(Ctx& ctx, const YAML::Node& node, const std::string& path,
                      const std::string& table, const YAML::Mark& fallback) {
  return check_map(ctx, node, path, *find_section(table), fallback);
}

}  // namespace dp::config
