// One queue_log line, parsed (pure). Both forms Asterisk writes are read:
//   file:      epoch|callid|queue|agent|event|data1|data2|...
//   DB export: time,callid,queuename,agent,event,data1,...,data5 (CSV or pipes), where
//              time may be a local "YYYY-MM-DD HH:MM:SS(.ffffff)" (realtime backends
//              store local time) and the old single `data` column is split on '|'.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"
#include "model/time.h"

namespace dp::asterisk {

struct QueueLogEvent {
  Time at{};
  std::string callid;
  std::string queue;
  std::string agent;
  std::string event;
  std::vector<std::string> data;  // data1..dataN, trailing empty columns dropped

  // 1-based like the docs (data(1) = data1); "" when absent.
  const std::string& arg(size_t n) const;
};

// A column header line of a DB export ("time|callid|queuename|agent|event|...").
bool is_queue_log_header(std::string_view line);

// Error messages name what is wrong; the caller adds file:line.
Result<QueueLogEvent> parse_queue_log_line(std::string_view line, const std::string& time_zone);

}  // namespace dp::asterisk
