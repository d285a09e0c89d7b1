#include <fstream>
#include <iterator>

#include "config/builders.h"

namespace dp::config {
namespace {

void build(Ctx& ctx, const YAML::Node& root, const std::vector<ConnectorSpec>& specs,
           const std::vector<std::string>& known_kpis, Config& cfg) {
  Checked top = check_section(ctx, root, "", "");
  auto node = [&](const std::string& key) {
    auto it = top.nodes.find(key);
    return it == top.nodes.end() ? YAML::Node() : it->second;
  };
  cfg.state_path = top.block.str("state");
  Checked log = check_section(ctx, node("log"), "log", "log", top.where("log"));
  cfg.logging.level = log.block.str("level");
  cfg.logging.format = log.block.str("format");
  Checked metrics = check_section(ctx, node("metrics"), "metrics", "metrics", top.where("metrics"));
  cfg.metrics.listen = metrics.block.str("listen");
  if (!cfg.metrics.listen.empty() && !split_listen(cfg.metrics.listen))
    ctx.problems.add(metrics.where("listen"), metrics.at("listen"),
                     "not HOST:PORT (e.g. 127.0.0.1:9464): " + cfg.metrics.listen);
  cfg.metrics.health_max_age = metrics.block.duration("health_max_age");
  cfg.connectors = build_connectors(ctx, node("connectors"), specs);
  // Order of dependence, not of the file: names must exist before they are referenced.
  cfg.kpi.calendars = build_calendars(ctx, node("calendars"));
  cfg.teams = build_teams(ctx, node("teams"), cfg.kpi.calendars);
  cfg.kpi.agents = build_agents(ctx, node("agents"), cfg.teams, cfg.kpi.calendars);
  cfg.kpi.options = build_kpi_options(ctx, node("kpi"), cfg.kpi.calendars, known_kpis);
  cfg.writeback = build_writeback(ctx, node("writeback"), cfg.connectors, specs);
  cfg.report =
      build_report(ctx, node("report"), cfg.kpi.options.report_zone, cfg.connectors, specs);
  assign_calendars(cfg, cfg.kpi.agents);
}

}  // namespace

std::optional<Listen> split_listen(std::string_view s) {
  const auto colon = s.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = s.substr(0, colon), port = s.substr(colon + 1);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);  // [::1]:9464
  else if (host.find(':') != std::string_view::npos)
    return std::nullopt;  // an IPv6 address needs its brackets
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string_view::npos)
    return std::nullopt;
  const int p = std::stoi(std::string(port));
  if (p > 65535) return std::nullopt;  // 0: any free port (tests)
  return Listen{std::string(host), p};
}

const Block* Config::connector(const std::string& name) const {
  for (const auto& b : connectors)
    if (b.name == name) return &b;
  return nullptr;
}

LoadResult load_config_text(std::string_view yaml, const std::string& file_name,
                            const std::vector<ConnectorSpec>& specs,
                            const std::vector<std::string>& known_kpis) {
  Problems problems(file_name);
  Ctx ctx{problems, file_name, std::filesystem::path(file_name).parent_path()};
  Config cfg;
  cfg.file = file_name;
  try {
    std::vector<YAML::Node> docs = YAML::LoadAll(std::string(yaml));
    if (docs.size() > 1)
      problems.add(docs[1].Mark(), "", "the file holds more than one YAML document (---)");
    build(ctx, docs.empty() ? YAML::Node() : docs[0], specs, known_kpis, cfg);
  } catch (const YAML::Exception& e) {
    problems.add(e.mark, "", e.msg);
  } catch (const std::exception& e) {
    problems.add(YAML::Mark::null_mark(), "", e.what());
  }
  LoadResult out;
  out.problems = problems.sorted();
  if (out.problems.empty()) out.config = std::move(cfg);
  return out;
}

LoadResult load_config(const std::string& path, const std::vector<ConnectorSpec>& specs,
                       const std::vector<std::string>& known_kpis) {
  auto fail = [&](const std::string& why) {
    return LoadResult{std::nullopt, {{path, 0, 0, "", why}}};
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail("is a folder, not a configuration file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot read the file");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return fail("cannot read the file");
  return load_config_text(text, path, specs, known_kpis);
}

}  // namespace dp::config
