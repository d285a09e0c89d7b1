#include <CLI/CLI.hpp>

#include "model/version.h"

int main(int argc, char** argv) {
  CLI::App app{"deskpulse: customer-service KPIs for open-source helpdesks"};
  app.set_version_flag("--version", DESKPULSE_VERSION);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
