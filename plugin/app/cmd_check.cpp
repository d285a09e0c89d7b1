// check-config: validate a configuration file, naming every problem's line and key.
#include <iostream>
#include <memory>

#include "app/commands.h"
#include "app/env.h"
#include "app/registry.h"

namespace dp::app {

void add_check_config_command(CLI::App& app, int& exit_code) {
  struct Args {
    std::string file;
    bool reference = false;
    bool example = false;
  };
  auto a = std::make_shared<Args>();
  auto* cmd = app.add_subcommand(
      "check-config",
      "Validate a configuration file: every problem is printed as file:line:column: key: "
      "message (unknown keys, wrong types, missing values, bad time zones, unset secrets); "
      "exit 2 when there is any.");
  auto* file = cmd->add_option("file", a->file, "Configuration file (YAML)");
  // -c/--config as on every other command; the positional FILE stays for scripts.
  cmd->add_option("-c,--config", a->file, "Configuration file (YAML)")->excludes(file);
  cmd->add_flag("--print-reference", a->reference,
                "Print the reference of every key as Markdown (docs/configuration.md)");
  cmd->add_flag("--print-example", a->example, "Print an example file with every key");
  cmd->callback([a, &exit_code] {
    if (a->reference) {
      std::cout << config::render_reference_markdown(connector_specs());
      return;
    }
    if (a->example) {
      std::cout << config::render_example_yaml(connector_specs());
      return;
    }
    if (a->file.empty()) {
      std::cerr << "check-config: give the configuration FILE\n";
      exit_code = kExitUsage;
      return;
    }
    auto loaded = load_config_checked(a->file);
    for (const auto& p : loaded.problems) std::cout << p.str() << '\n';
    if (!loaded.config || !loaded.problems.empty()) {
      std::cout << a->file << ": " << loaded.problems.size() << " problem(s)\n";
      exit_code = kExitUsage;
      return;
    }
    const auto& c = *loaded.config;
    std::cout << a->file << ": OK — " << c.connectors.size() << " connector(s), "
              << c.kpi.agents.size() << " agent(s), " << c.kpi.calendars.size()
              << " calendar(s); state " << c.state_path << '\n';
  });
}

}  // namespace dp::app
