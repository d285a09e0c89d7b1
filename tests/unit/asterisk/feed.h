// Feeding hand-written queue_log lines straight into the assembler.
#pragma once

#include <initializer_list>
#include <string>

#include "asterisk/call_assembler.h"

namespace dp::asterisk::test {

struct Fed {
  Records records;
  std::vector<Rejection> rejected;
  size_t open = 0;
};

// Lines are "t|callid|queue|agent|EVENT|data..." with t relative to 2026-11-23 08:00Z.
inline Fed feed(std::initializer_list<std::string> lines, QueueLogOptions opt = {},
                bool finish = false) {
  CallAssembler a(std::move(opt));
  uint64_t n = 0;
  for (const auto& l : lines) {
    auto bar = l.find('|');
    std::string text = std::to_string(1795420800 + std::stoll(l.substr(0, bar))) + l.substr(bar);
    ++n;
    a.feed(LogLine{n, "test:" + std::to_string(n), text});
  }
  if (finish) a.finish();
  Fed f;
  f.open = a.open_calls();
  f.records = a.take_records();
  f.rejected = a.take_rejections();
  return f;
}

}  // namespace dp::asterisk::test
