// Agent sessions from queue_log (pure): AGENTLOGIN/AGENTCALLBACKLOGIN .. LOGOFF span
// all queues, ADDMEMBER .. REMOVEMEMBER one queue; PAUSE/UNPAUSE (and the *ALL forms)
// give the paused seconds inside each span. A pause is the agent's, whatever queue
// it was written for: a paused agent takes no calls from any queue that matters here.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "asterisk/log_line.h"
#include "asterisk/queue_log_event.h"
#include "connector/source.h"
#include "model/records.h"

namespace dp::asterisk {

class SessionTracker {
 public:
  // False when the event is not about sessions or pauses.
  bool feed(const QueueLogEvent& ev, const LogLine& line, Records& out,
            std::vector<Rejection>& rejected);
  // End of an import: spans still open end at `at`.
  void close_all(Time at, Records& out, std::vector<Rejection>& rejected);
  // The lines that rebuild the open spans and pauses when fed again.
  void collect_pending(std::vector<LogLine>& out) const;
  size_t open_sessions() const;

 private:
  struct Open {
    Time start{};
    LogLine line;
  };
  struct Agent {
    std::map<std::string, Open> open;  // queue ("" = all queues) -> span start
    std::optional<Time> paused_since;
    LogLine pause_line;
    std::vector<std::pair<Time, Time>> pauses;  // closed, while a span is open
    std::vector<LogLine> pause_lines;
  };

  void start(const std::string& agent, const std::string& queue, Time at, const LogLine& line,
             std::vector<Rejection>& rejected);
  void stop(const QueueLogEvent& ev, const std::string& queue, const LogLine& line, Records& out,
            std::vector<Rejection>& rejected);
  // A session outside the record bounds (longer than 10 years, starting before 1970) is
  // a rejection at `line`.
  void emit(const std::string& agent, Agent& a, const std::string& queue, Time start, Time end,
            const LogLine& line, Records& out, std::vector<Rejection>& rejected);

  std::map<std::string, Agent> agents_;
};

}  // namespace dp::asterisk
