// The HTTP keys every HTTP connector accepts, declared once so that their config
// blocks, docs and validation agree.
#pragma once

#include <vector>

#include "config/keys.h"
#include "http/client.h"

namespace dp::http {

// verify_tls, ca_file, timeout, max_attempts, max_requests_per_second.
std::vector<config::KeySpec> http_keys();

// Options from a validated block (defaults for keys the block does not set).
Options options_from(const config::Block& block);

}  // namespace dp::http
