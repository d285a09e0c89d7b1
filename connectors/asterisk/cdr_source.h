// Tailing Master.csv as a Source, and reading a whole file for `deskpulse import`.
// Cursor (JSON): the tail position ({"offset", "line", "inode", "head"}, tail/tail.h),
// "newest_start", "newest_end", "pending": [[where, text]...]. A call's CDR legs (same linkedid)
// are merged into one call (cdr_merge.h); a call whose legs may still come is carried in the cursor
// as its raw lines, fed again before the new ones on the next poll, and emitted once it is complete
// (CdrMerger::close_complete): a restart neither loses nor repeats it. Rotation as in tail/tail.h.
// read_cdr_file merges the whole file at once.
#pragma once

#include <string>

#include "asterisk/log_file.h"
#include "asterisk/options.h"
#include "connector/source.h"

namespace dp::asterisk {

class CdrSource : public TailedFileSource {
 public:
  CdrSource(std::string name, std::string path, CdrOptions options)
      : TailedFileSource(std::move(name), std::move(path)), opt_(std::move(options)) {}
  Result<Batch> poll(const std::string& cursor) override;

 private:
  CdrOptions opt_;
};

Result<Batch> read_cdr_file(const std::string& path, const CdrOptions& options);

}  // namespace dp::asterisk
