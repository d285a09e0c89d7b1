// Tailing Master.csv as a Source, and reading a whole file for `deskpulse import`.
// Cursor (JSON): {"inode", "offset", "line"}; each CDR line is a finished call, so
// nothing is carried between reads. Rotation as in tail.h.
#pragma once

#include <string>

#include "asterisk/options.h"
#include "asterisk/tail.h"
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
