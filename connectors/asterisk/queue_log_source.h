// Tailing queue_log as a Source, and reading a whole file for `deskpulse import`.
//
// Cursor (JSON): the tail position (tail/tail.h), "seq", "pending": [[seq, where, text]...].
// Calls and sessions still open when a read stops are carried in the cursor as the
// raw lines that opened them (ENTERQUEUE, CONNECT, COMPLETE waiting for a wrap-up
// pause, login, pause lines) — not as an offset to re-read from, because after a
// rotation that offset may be in a file that is gone. The next poll feeds those lines
// again before the new ones, so a call that began before a restart or a rotation is
// completed later and emitted exactly once: a call is emitted only by the line that
// finishes it, and that line is read once (whole lines only, offset after it).
#pragma once

#include <memory>
#include <string>

#include "asterisk/call_assembler.h"
#include "asterisk/log_file.h"
#include "asterisk/options.h"
#include "connector/source.h"

namespace dp::asterisk {

class QueueLogSource : public TailedFileSource {
 public:
  QueueLogSource(std::string name, std::string path, QueueLogOptions options)
      : TailedFileSource(std::move(name), std::move(path)), opt_(std::move(options)) {}
  Result<Batch> poll(const std::string& cursor) override;

 private:
  QueueLogOptions opt_;
};

// The whole file at once: calls still in progress at its end are reported, sessions
// still open end at its last line. With options.cdr_path, CDRs enrich the calls.
Result<Batch> read_queue_log_file(const std::string& path, const QueueLogOptions& options,
                                  AssemblerStats* stats = nullptr);

}  // namespace dp::asterisk
