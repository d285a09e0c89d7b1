#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <iostream>

#include "app/commands.h"
#include "app/env.h"
#include "model/version.h"

int main(int argc, char** argv) {
  // State, outbox and report files hold customer data: never readable by others, nor
  // writable by the group, whatever umask deskpulse is started with (0600 / 0640).
  ::umask(::umask(0) | 027);
  CLI::App app{
      "deskpulse: customer-service KPIs for open-source helpdesks.\n"
      "Start with `deskpulse demo`; `deskpulse COMMAND --help` explains each command."};
  app.set_version_flag("--version", DESKPULSE_VERSION);
  app.require_subcommand(1);
  int exit_code = 0;
  using namespace dp::app;
  add_demo_command(app, exit_code);
  add_generate_command(app, exit_code);
  add_import_command(app, exit_code);
  add_sync_command(app, exit_code);
  add_compute_command(app, exit_code);
  add_kpis_command(app, exit_code);
  add_report_command(app, exit_code);
  add_staffing_command(app, exit_code);
  add_writeback_command(app, exit_code);
  add_run_command(app, exit_code);
  add_init_command(app, exit_code);
  add_doctor_command(app, exit_code);
  add_check_config_command(app, exit_code);
  add_manual_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are successes; any other parse error is a usage error,
    // exit 2 like every command's own (docs/commands.md, "Exit codes"), not CLI11's
    // 1xx codes.
    return app.exit(e) == 0 ? dp::app::kExitOk : dp::app::kExitUsage;
  } catch (const std::exception& e) {
    // Modules return errors as values; this is the last line of defence.
    std::cerr << "deskpulse: internal error: " << e.what() << '\n';
    return 70;
  }
  return exit_code;
}
