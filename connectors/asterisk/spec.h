// Config keys and factories of the two Asterisk connectors (README.md, example.yaml).
#pragma once

#include <memory>

#include "asterisk/options.h"
#include "config/keys.h"
#include "connector/source.h"

namespace dp::asterisk {

config::ConnectorSpec asterisk_queue_log_spec();  // type "asterisk-queue-log"
config::ConnectorSpec asterisk_cdr_spec();        // type "asterisk-cdr"

// The block was validated against the spec; these check what the key table cannot
// (the "queue=value" list entries, the time zone) and name the bad entry.
Result<QueueLogOptions> queue_log_options(const config::Block& block);
Result<CdrOptions> cdr_options(const config::Block& block);

Result<std::unique_ptr<Source>> make_queue_log_source(const config::Block& block);
Result<std::unique_ptr<Source>> make_cdr_source(const config::Block& block);

}  // namespace dp::asterisk
