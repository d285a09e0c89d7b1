// The Twilio connector as the app sees it: its key table and its factory.
#pragma once

#include <memory>

#include "config/keys.h"
#include "connector/source.h"
#include "twilio/source.h"

namespace dp::twilio {

config::ConnectorSpec twilio_spec();  // type "twilio"

// Settings from a validated block; errors name the key.
Result<Settings> settings_from(const config::Block& block);

// A source with the libcurl transport and the real clock.
Result<std::unique_ptr<Source>> make_twilio_source(const config::Block& block);

}  // namespace dp::twilio
