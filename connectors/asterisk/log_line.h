// A raw input line with its place, kept so unfinished calls and sessions can be
// rebuilt after a restart by feeding their lines again (see queue_log_source.h).
#pragma once

#include <cstdint>
#include <string>

namespace dp::asterisk {

struct LogLine {
  uint64_t seq = 0;   // order of arrival, across files and restarts
  std::string where;  // "queue_log:1033"
  std::string text;
};

}  // namespace dp::asterisk
