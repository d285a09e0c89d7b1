// How far a long job is (generate, import, sync, a partials rebuild): the one way code
// below app/ reports it. Header only, no dependencies: a module takes a Progress* (null:
// nobody watches) and calls step() as work gets done; ops/progress.h draws it (a
// redrawn line on a terminal, a log line every few seconds otherwise).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace dp {

struct ProgressStep {
  // The task, shown first: "import", "sync rt", "partials". A step with another
  // task ends the one before (its line is finished) and starts this one.
  std::string_view what;
  uint64_t done = 0;                             // units done so far
  std::optional<uint64_t> total = std::nullopt;  // units in all, when known (an estimate is fine)
  // "records", "tickets", ...; "bytes" is shown as kB/MB/GB.
  std::string_view unit = "records";
  // Records stored so far, shown besides when the unit is not records (import counts
  // bytes of the files, generate tickets).
  std::optional<uint64_t> records = std::nullopt;
};

class Progress {
 public:
  virtual ~Progress() = default;
  // Cheap enough to call for every batch or chunk: output is throttled.
  virtual void step(const ProgressStep& s) = 0;
  // Ends the current task (its last line shown in full, then a newline); another
  // step() starts a new one. Implementations also finish when destroyed.
  virtual void finish() = 0;
};

}  // namespace dp
