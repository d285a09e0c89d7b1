// Asterisk Master.csv lines -> calls: each line through parse_cdr_line and the merger
// that groups the legs of one call, closing groups as the tailing source does.
#include <cstdint>

#include "asterisk/cdr_merge.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dp;
  asterisk::CdrOptions o;
  o.time_zone = "America/New_York";  // usegmtime=no: local dates
  o.queue_by_context["from-queue"] = "support";
  o.merge_window = Seconds{600};
  asterisk::CdrMerger m(o);
  size_t n = 0;
  std::vector<Call> calls;
  for (auto line : fuzz::split_lines(fuzz::as_text(data, size))) {
    ++n;
    m.feed({"Master.csv:" + std::to_string(n), std::string(line)});
    if (n % 4 == 0) m.close_complete(false);
  }
  m.close_complete(true);
  (void)m.pending_lines();
  m.finish();
  for (const Call& c : m.take_calls()) fuzz::check_call(c);
  (void)m.take_rejections();
  return 0;
}
