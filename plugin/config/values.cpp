#include "config/values.h"

#include <charconv>

#include "config/secret_file.h"
#include "config/suggest.h"

namespace dp::config {
namespace {

bool valid_env_name(const std::string& n) {
  if (n.empty() || std::isdigit(static_cast<unsigned char>(n[0]))) return false;
  for (char c : n)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

bool is_integer(const std::string& s) {
  long long v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

bool is_number(const std::string& s) {
  double v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return !s.empty() && ec == std::errc() && end == s.data() + s.size();
}

std::optional<std::string> as_boolean(const std::string& s) {
  for (const char* t : {"true", "yes", "on"})
    if (s == t) return "true";
  for (const char* f : {"false", "no", "off"})
    if (s == f) return "false";
  return std::nullopt;
}

bool is_url(const std::string& s) {
  for (std::string scheme : {"http://", "https://"})
    if (s.rfind(scheme, 0) == 0 && s.size() > scheme.size() &&
        s.find_first_of(" \t/", scheme.size()) != scheme.size())
      return s.find_first_of(" \t") == std::string::npos;
  return false;
}

// Messages name the variable or the file, never the secret.
std::optional<std::string> resolve_secret(Ctx& ctx, const YAML::Node& node,
                                          const std::string& path) {
  if (node.IsScalar()) {
    const std::string& s = node.Scalar();
    if (s.size() > 3 && s.rfind("${", 0) == 0 && s.back() == '}' &&
        valid_env_name(s.substr(2, s.size() - 3))) {
      std::string var = s.substr(2, s.size() - 3);
      const char* v = std::getenv(var.c_str());
      if (!v)
        return ctx.problems.add(node.Mark(), path, "environment variable " + var + " is not set"),
               std::nullopt;
      if (!*v)
        return ctx.problems.add(node.Mark(), path, "environment variable " + var + " is empty"),
               std::nullopt;
      // A line break would end the header the secret is sent in and start another.
      if (!is_one_line(v))
        return ctx.problems.add(node.Mark(), path,
                                "environment variable " + var +
                                    " holds a line break: a secret must be one line"),
               std::nullopt;
      return std::string(v);
    }
  } else if (node.IsMap() && node.size() == 1 && node["secret_file"] &&
             node["secret_file"].IsScalar()) {
    auto file = substitute_env(ctx, node["secret_file"].Scalar(), node.Mark(), path);
    if (!file) return std::nullopt;
    auto secret = read_secret_file(resolve_path(ctx, *file));
    if (!secret) {
      ctx.problems.add(node["secret_file"].Mark(), path, secret.error().message);
      return std::nullopt;
    }
    return std::move(*secret);
  }
  ctx.problems.add(node.Mark(), path,
                   "secrets must come from ${ENV} or secret_file, not the YAML itself");
  return std::nullopt;
}

bool check_choice(Ctx& ctx, const std::string& v, const YAML::Mark& mark, const std::string& path,
                  const std::vector<std::string>* choices) {
  if (!choices || std::find(choices->begin(), choices->end(), v) != choices->end()) return true;
  std::string hint = closest(v, *choices);
  ctx.problems.add(mark, path,
                   "'" + v + "' is not one of " + join(*choices) +
                       (hint.empty() ? "" : "; did you mean '" + hint + "'?"));
  return false;
}

std::optional<std::string> check_scalar(Ctx& ctx, const YAML::Node& node, const std::string& path,
                                        KeyType type) {
  auto text = substitute_env(ctx, node.Scalar(), node.Mark(), path);
  if (!text) return std::nullopt;
  const std::string& s = *text;
  auto bad = [&](const std::string& what) {
    ctx.problems.add(node.Mark(), path, "'" + s + "' is not " + what);
    return std::nullopt;
  };
  switch (type) {
    case KeyType::integer:
      if (!is_integer(s)) return bad("an integer");
      return s;
    case KeyType::number:
      if (!is_number(s)) return bad("a number");
      return s;
    case KeyType::boolean:
      if (auto b = as_boolean(s)) return b;
      return bad("a boolean (true or false)");
    case KeyType::duration:
      if (!parse_duration(s)) return bad("a duration (e.g. 90, 30s, 5m, 2h, 1d, 1w)");
      return s;
    case KeyType::url:
      if (!is_url(s)) return bad("an http:// or https:// URL");
      return s;
    case KeyType::path:
      if (s.empty()) return bad("a path");
      return resolve_path(ctx, s);
    default:
      return s;
  }
}

}  // namespace

std::string resolve_path(const Ctx& ctx, const std::string& p) {
  std::filesystem::path path(p);
  if (path.is_absolute() || ctx.base_dir.empty()) return p;
  return (ctx.base_dir / path).lexically_normal().string();
}

std::optional<std::string> substitute_env(Ctx& ctx, const std::string& text, const YAML::Mark& mark,
                                          const std::string& path) {
  std::string out;
  std::size_t pos = 0;
  while (true) {
    std::size_t open = text.find("${", pos);
    if (open == std::string::npos) break;
    std::size_t close = text.find('}', open);
    std::string var = close == std::string::npos ? "" : text.substr(open + 2, close - open - 2);
    if (!valid_env_name(var)) {
      ctx.problems.add(mark, path, "malformed ${...} reference (use ${NAME})");
      return std::nullopt;
    }
    const char* v = std::getenv(var.c_str());
    if (!v) {
      ctx.problems.add(mark, path, "environment variable " + var + " is not set");
      return std::nullopt;
    }
    out += text.substr(pos, open - pos) + v;
    pos = close + 1;
  }
  return out + text.substr(pos);
}

bool check_value(Ctx& ctx, const YAML::Node& node, const std::string& path, const KeySpec& spec,
                 const std::vector<std::string>* choices, Block& out, const std::string& key) {
  if (node.IsNull()) {
    if (!spec.required) return true;
    ctx.problems.add(node.Mark(), path, "needs a value (" + type_name(spec.type) + ")");
    return false;
  }
  if (spec.type == KeyType::secret) {
    out.secret_keys.insert(key);
    auto v = resolve_secret(ctx, node, path);
    if (v) out.values[key] = *v;
    return v.has_value();
  }
  if (spec.type == KeyType::list) {
    if (!node.IsSequence()) {
      ctx.problems.add(node.Mark(), path, "expected a list, e.g. [a, b]");
      return false;
    }
    std::vector<std::string> items;
    bool ok = true;
    for (std::size_t i = 0; i < node.size(); ++i) {
      std::string item_path = path + "[" + std::to_string(i) + "]";
      if (!node[i].IsScalar()) {
        ctx.problems.add(node[i].Mark(), item_path, "expected a plain value in the list");
        ok = false;
        continue;
      }
      auto v = substitute_env(ctx, node[i].Scalar(), node[i].Mark(), item_path);
      ok = v && check_choice(ctx, *v, node[i].Mark(), item_path, choices) && ok;
      if (v) items.push_back(*v);
    }
    out.lists[key] = items;
    return ok;
  }
  if (!node.IsScalar()) {
    ctx.problems.add(
        node.Mark(), path,
        "expected a " + type_name(spec.type) + ", not a " + (node.IsMap() ? "map" : "list"));
    return false;
  }
  auto v = check_scalar(ctx, node, path, spec.type);
  if (!v || !check_choice(ctx, *v, node.Mark(), path, choices)) return false;
  out.values[key] = *v;
  return true;
}

}  // namespace dp::config
