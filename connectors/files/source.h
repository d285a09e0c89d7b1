// The file connector: canonical records from a directory of NDJSON/CSV files
// (README.md beside this file), read incrementally as files grow.
#pragma once

#include <memory>
#include <string>

#include "config/keys.h"
#include "connector/source.h"
#include "files/seen_ids.h"

namespace dp::files {

inline constexpr size_t kDefaultBatchRecords = 50000;

struct FileOptions {
  size_t batch_records = kDefaultBatchRecords;
  // The files are complete (a one-shot import): a last line without its line end is
  // a record, and a CSV quote still open at the end of a file is rejected. A tail
  // (the `run` loop) leaves both for the next poll.
  bool whole_files = false;
  // Read a data file that is a symbolic link (its target, which must be a regular
  // file). Off: a link is refused, so a data directory cannot make deskpulse read
  // files it was not meant to (/etc/shadow when it runs as root).
  bool follow_symlinks = false;
};

class FileSource : public Source {
 public:
  FileSource(std::string name, std::string dir, size_t batch_records = kDefaultBatchRecords);
  FileSource(std::string name, std::string dir, FileOptions options);

  std::string name() const override { return name_; }
  Result<void> health_check() override;
  // Reads what the files gained since `cursor`: at most batch_records records or
  // rejections, whole lines only; `more` when it stopped at that limit. A file named
  // like a data file that is not a regular file (a symbolic link, directory, FIFO,
  // socket or device) or cannot be read is a rejection naming it, once per inode;
  // the other files are read. An error only when the directory cannot be listed.
  Result<Batch> poll(const std::string& cursor) override;

 private:
  std::string name_;
  std::string dir_;
  FileOptions options_;
  // A one-shot read reports an id given twice in a file (read_file.h): the ids of the
  // file being read, from its first line on.
  std::string seen_file_;
  std::unique_ptr<SeenIds> seen_;
};

// The config keys of a `type: files` connector block.
config::ConnectorSpec files_spec();
std::unique_ptr<Source> make_file_source(const config::Block& block);

// Everything in `dir` at once (polls until done, whole files): for tests and one-shot
// commands.
Result<Batch> read_directory(const std::string& dir);

}  // namespace dp::files
