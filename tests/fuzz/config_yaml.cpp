// The YAML configuration loader with every real connector type: yaml-cpp, the key
// tables, value parsing (durations, hours, calendars, references) and redaction. File
// references (secret_file, paths) resolve against /nonexistent-fuzz, so what a fuzzed
// file names relatively is not read.
#include <cstdint>

#include "asterisk/spec.h"
#include "config/config.h"
#include "files/source.h"
#include "fuzz_support.h"
#include "outbox/sink.h"
#include "rt/options.h"
#include "twilio/twilio.h"
#include "wazo/wazo.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dp;
  // The list app/registry.cpp holds (not linked here: it pulls in every command).
  static const std::vector<config::ConnectorSpec> specs{rt::rt_spec(),
                                                        asterisk::asterisk_queue_log_spec(),
                                                        asterisk::asterisk_cdr_spec(),
                                                        wazo::wazo_spec(),
                                                        twilio::twilio_spec(),
                                                        files::files_spec(),
                                                        outbox::outbox_spec()};
  auto text = fuzz::as_text(data, size);
  auto r = config::load_config_text(text, "/nonexistent-fuzz/deskpulse.yaml", specs);
  if (r.config.has_value() != r.problems.empty()) fuzz::broken("a config with problems");
  for (const auto& d : r.problems) (void)d.str();
  if (r.config) (void)config::redact(*r.config, std::string(text));
  return 0;
}
