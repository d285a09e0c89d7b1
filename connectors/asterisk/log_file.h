// An Asterisk log file (queue_log, Master.csv), tailed by a Source or read whole by
// `deskpulse import` / `compute --source`, through the shared tailer (tail/tail.h:
// rotation to <path>.1, truncation, a replaced file, bad lines, bounded memory). The
// path is the one configured, so a symbolic link there is followed (a data
// directory's files are not); errors read "cannot read <path>: <why>".
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "asterisk/text.h"
#include "connector/source.h"
#include "model/result.h"
#include "tail/tail.h"

namespace dp::asterisk {

inline constexpr tail::Options kLogFile{.final = false, .follow_symlinks = true};

// What both Asterisk sources share: a name and one file that must be readable.
class TailedFileSource : public Source {
 public:
  std::string name() const override { return name_; }
  Result<void> health_check() override;  // the file can be opened

 protected:
  TailedFileSource(std::string name, std::string path)
      : name_(std::move(name)), path_(std::move(path)) {}
  // Up to `max_lines` lines after `from` (tail::tail_read).
  Result<tail::TailRead> read(const tail::Position& from, size_t max_lines) const;

  std::string name_;
  std::string path_;
};

// Every line of a whole file, the last one with or without its line end. Bad lines
// (too long, NUL bytes) become rejections "<path>:<line>"; blank lines are passed on.
// With `replaced`, lines holding bytes that sanitize_utf8 replaces are counted there.
Result<void> for_each_line(const std::string& path,
                           const std::function<void(uint64_t line, std::string_view text)>& take,
                           std::vector<Rejection>& rejected, ReplacedBytes* replaced = nullptr);

}  // namespace dp::asterisk
