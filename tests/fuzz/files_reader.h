// The files connector's reader on fuzzed file content (files_ndjson.cpp,
// files_csv.cpp): the first byte picks the record kind, one-shot import or tail, and
// a batch size; the rest is the file. The file is read once in one batch and once in
// small batches resuming from the mark, as the source does across polls: both must
// give the same records, and every record must keep the documented bounds.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

#include "files/read_file.h"
#include "fuzz_support.h"

namespace dp::fuzz {

inline void check_records(const Records& r) {
  for (const Ticket& t : r.tickets) {
    check_time(t.created_at, "ticket created_at");
    check_time(t.updated_at, "ticket updated_at");
  }
  for (const TicketEvent& e : r.events) {
    check_time(e.at, "event at");
    check_duration(e.time_spent, "event time_spent");
  }
  for (const Call& c : r.calls) check_call(c);
  for (const Survey& s : r.surveys) check_time(s.at, "survey at");
  for (const AgentSession& s : r.sessions) {
    check_time(s.start, "session start");
    check_time(s.end, "session end");
    check_duration(s.paused, "session paused");
  }
}

// Reads the whole scratch file in batches of `budget`; stops when a batch reads
// nothing or makes no progress (a broken CSV header is reported on every poll).
inline Batch read_in_batches(const std::string& name, files::Kind kind, bool whole_file,
                             size_t budget) {
  Batch out;
  files::FileMark mark;
  while (true) {
    uint64_t before = mark.offset;
    auto n =
        files::read_records(ScratchFile::get().path(), name, kind, mark, budget, whole_file, out);
    if (!n || *n == 0 || mark.offset == before) break;
  }
  return out;
}

inline int fuzz_file_reader(const std::string& name, const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  auto kinds = files::all_kinds();
  files::Kind kind = kinds[data[0] % kinds.size()];
  bool whole_file = (data[0] & 0x80) == 0;
  size_t budget = ((data[0] >> 4) & 7) + 1;
  ScratchFile::get().write(as_text(data + 1, size - 1));

  Batch once = read_in_batches(name, kind, whole_file, SIZE_MAX);
  check_records(once.records);
  // At most about 3 batches: each reopens the file with a 1 MiB buffer (twice for a
  // CSV), and more would slow the fuzzer down without reaching other code.
  budget = std::max(budget, (once.records.size() + once.rejected.size() + 2) / 3);
  Batch steps = read_in_batches(name, kind, whole_file, budget);
  if (steps.records.size() != once.records.size())
    broken(name + ": " + std::to_string(once.records.size()) + " records in one batch, " +
           std::to_string(steps.records.size()) + " in batches of " + std::to_string(budget));
  return 0;
}

}  // namespace dp::fuzz
