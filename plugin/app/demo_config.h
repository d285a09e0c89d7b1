// The demo's configuration (config/demo.yaml, embedded at build time) and clock.
#pragma once

#include <string>

#include "gen/generate.h"
#include "model/time.h"

namespace dp::app {

const std::string& demo_config_yaml();

// The demo runs "now" = the Monday after the generated weeks, 09:00 UTC, so the last
// generated week has ended and its report is due.
Time demo_now(const gen::GenOptions& opts);

}  // namespace dp::app
