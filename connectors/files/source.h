// The file connector: canonical records from a directory of NDJSON/CSV files
// (README.md beside this file), read incrementally as files grow.
#pragma once

#include <memory>
#include <string>

#include "config/keys.h"
#include "connector/source.h"

namespace dp::files {

inline constexpr size_t kDefaultBatchRecords = 50000;

class FileSource : public Source {
 public:
  FileSource(std::string name, std::string dir, size_t batch_records = kDefaultBatchRecords);

  std::string name() const override { return name_; }
  Result<void> health_check() override;
  // Reads what the files gained since `cursor`: at most batch_records records or
  // rejections, whole lines only; `more` when it stopped at that limit.
  Result<Batch> poll(const std::string& cursor) override;

 private:
  std::string name_;
  std::string dir_;
  size_t batch_records_;
};

// The config keys of a `type: files` connector block.
config::ConnectorSpec files_spec();
std::unique_ptr<Source> make_file_source(const config::Block& block);

// Everything in `dir` at once (polls until done): for tests and one-shot commands.
Result<Batch> read_directory(const std::string& dir);

}  // namespace dp::files
