// Each command adds itself to the CLI; its callback sets the process exit code.
#pragma once

#include <CLI/CLI.hpp>

namespace dp::app {

void add_demo_command(CLI::App& app, int& exit_code);
void add_generate_command(CLI::App& app, int& exit_code);
void add_import_command(CLI::App& app, int& exit_code);
void add_sync_command(CLI::App& app, int& exit_code);
void add_compute_command(CLI::App& app, int& exit_code);
void add_kpis_command(CLI::App& app, int& exit_code);
void add_report_command(CLI::App& app, int& exit_code);
void add_staffing_command(CLI::App& app, int& exit_code);
void add_writeback_command(CLI::App& app, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_init_command(CLI::App& app, int& exit_code);
void add_doctor_command(CLI::App& app, int& exit_code);
void add_check_config_command(CLI::App& app, int& exit_code);
// manual: the man page, bash completion and option reference of every command of `app`.
void add_manual_command(CLI::App& app, int& exit_code);

}  // namespace dp::app
