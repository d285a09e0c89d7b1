// The one place that lists every connector (no static self-registration).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/keys.h"
#include "connector/sink.h"
#include "connector/source.h"
#include "model/result.h"

namespace dp::app {

const std::vector<config::ConnectorSpec>& connector_specs();

Result<std::unique_ptr<Source>> make_source(const config::Block& block);
Result<std::unique_ptr<Sink>> make_sink(const config::Block& block);

// Reads a source given on the command line as TYPE:PATH ("asterisk-queue-log:FILE",
// "asterisk-cdr:FILE", "files:DIR") in one go, for `import` and `compute` without a config.
Result<Batch> read_quick_source(const std::string& spec);

}  // namespace dp::app
