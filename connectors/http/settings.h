// The HTTP keys every HTTP connector accepts, declared once so that their config
// blocks, docs and validation agree.
#pragma once

#include <memory>
#include <vector>

#include "config/keys.h"
#include "http/client.h"

namespace dp::http {

// verify_tls, ca_file, timeout, max_attempts, max_requests_per_second.
std::vector<config::KeySpec> http_keys();

// Options from a validated block (defaults for keys the block does not set).
Options options_from(const config::Block& block);

// A Client over libcurl with the block's options, the real clock and real sleeps.
std::unique_ptr<Client> make_client(const config::Block& block);

}  // namespace dp::http
