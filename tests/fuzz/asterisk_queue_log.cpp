// queue_log lines -> calls and agent sessions: each line through
// parse_queue_log_line (both the file and the DB-export forms) and the call assembler,
// with wrap-up and a local time zone so those paths run too.
#include <cstdint>

#include "asterisk/call_assembler.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dp;
  asterisk::QueueLogOptions o;
  o.time_zone = "Europe/Paris";  // DB exports with local times: DST gaps and overlaps
  o.wrapuptime = Seconds{15};
  o.wrapuptime_by_queue["sales"] = Seconds{60};
  o.wrapup_pause_reason = "Wrapup";
  asterisk::CallAssembler a(o);
  uint64_t seq = 0;
  for (auto line : fuzz::split_lines(fuzz::as_text(data, size))) {
    ++seq;
    a.feed({seq, "queue_log:" + std::to_string(seq), std::string(line)});
  }
  (void)a.pending_lines();
  a.finish();
  Records r = a.take_records();
  for (const Call& c : r.calls) fuzz::check_call(c);
  for (const AgentSession& s : r.sessions) {
    fuzz::check_time(s.start, "session start");
    fuzz::check_time(s.end, "session end");
    fuzz::check_duration(s.paused, "session paused");
  }
  (void)a.take_rejections();
  return 0;
}
