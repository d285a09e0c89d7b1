#include "files/source.h"

#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <utility>
#include <vector>

#include "files/codec.h"
#include "files/cursor.h"
#include "files/read_file.h"
#include "tail/line_reader.h"

namespace dp::files {
namespace {

namespace fs = std::filesystem;

struct DataFile {
  std::string name;
  std::string path;  // what is read: the file in the directory, or a link's target
  Kind kind;
  uint64_t inode = 0;
  std::string refused;  // why it is not read ("" = read it)
};

// Record files in import order (kind, then name); other names are ignored. A name
// of a data file on something else than a regular file is kept, refused: a link is
// not followed unless `follow_symlinks` (a data directory must not make deskpulse read
// /etc/shadow), and a FIFO or device would block or never end.
Result<std::vector<DataFile>> list_files(const std::string& dir, bool follow_symlinks) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) return make_error(ec.message(), dir);
  std::vector<DataFile> out;
  for (const auto& entry : it) {
    std::string name = entry.path().filename().string();
    auto k = kind_of_file(name);
    if (!k) continue;
    struct stat st;
    DataFile f{name, entry.path().string(), *k, 0, ""};
    if (::lstat(f.path.c_str(), &st) != 0) continue;  // gone since listed
    if (S_ISLNK(st.st_mode) && follow_symlinks) {
      // The target itself is opened (O_NOFOLLOW, as any data file), so it must be a
      // regular file at the end of the chain.
      f.path = fs::canonical(entry.path(), ec).string();
      if (ec || ::lstat(f.path.c_str(), &st) != 0) {
        f.refused = "a symbolic link to nothing readable (" +
                    (ec ? ec.message() : std::string("gone")) + ")";
        out.push_back(std::move(f));
        continue;
      }
    }
    f.inode = uint64_t(st.st_ino);
    if (S_ISLNK(st.st_mode))
      f.refused =
          "a symbolic link: not followed (put the file itself in the directory, or set "
          "follow_symlinks: true)";
    else if (!S_ISREG(st.st_mode))
      f.refused = "not a regular file (" + tail::file_type_name(st.st_mode) + ")";
    out.push_back(std::move(f));
  }
  auto rank = [](Kind k) {
    auto kinds = all_kinds();
    return std::find(kinds.begin(), kinds.end(), k) - kinds.begin();
  };
  std::sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
    return std::pair(rank(a.kind), a.name) < std::pair(rank(b.kind), b.name);
  });
  return out;
}

}  // namespace

FileSource::FileSource(std::string name, std::string dir, size_t batch_records)
    : FileSource(std::move(name), std::move(dir), FileOptions{.batch_records = batch_records}) {}

FileSource::FileSource(std::string name, std::string dir, FileOptions options)
    : name_(std::move(name)), dir_(std::move(dir)), options_(options) {
  options_.batch_records = std::max<size_t>(1, options_.batch_records);
}

Result<void> FileSource::health_check() {
  auto files = list_files(dir_, options_.follow_symlinks);
  if (!files) return files.error();
  return {};
}

Result<Batch> FileSource::poll(const std::string& cursor) {
  auto marks = parse_cursor(cursor);
  if (!marks) return marks.error();
  auto files = list_files(dir_, options_.follow_symlinks);
  if (!files) return files.error();
  Batch batch;
  FileCursor next;  // files that vanished drop out, so they restart if they return
  size_t budget = options_.batch_records;
  for (const auto& file : *files) {
    const std::string& name = file.name;
    const std::string& path = file.path;
    auto it = marks->find(name);
    FileMark mark = it == marks->end() ? FileMark{} : it->second;
    // A problem is reported once per inode; a rejection does not use the budget, so
    // a directory of broken files cannot stall the others.
    auto report = [&](std::string message) {
      if (!(mark.reported && mark.inode == file.inode))
        batch.rejected.push_back({name, "", std::move(message)});
      mark.reported = true;
      mark.inode = file.inode;
      next[name] = mark;
    };
    if (!file.refused.empty()) {
      report(file.refused);
      continue;
    }
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) continue;  // gone since listed
    if (budget > 0) {
      // The tailer checks the mark against the file (replaced, truncated, rotated).
      // A one-shot read keeps the ids of the file it is reading (not of one unchanged).
      bool changed = uint64_t(st.st_size) != mark.offset || uint64_t(st.st_ino) != mark.inode;
      SeenIds* seen = nullptr;
      if (options_.whole_files && changed) {
        if (mark.offset == 0 || name != seen_file_) seen_ = std::make_unique<SeenIds>();
        seen_file_ = name;
        seen = seen_.get();
      }
      auto used =
          read_records(path, name, file.kind, mark, budget, options_.whole_files, batch, seen);
      if (!used) {
        report("cannot read: " + used.error().message);
        continue;
      }
      budget -= *used;
      mark.reported = false;
    }
    next[name] = mark;
  }
  batch.more = batch.more || budget == 0;
  batch.cursor = format_cursor(next);
  return batch;
}

config::ConnectorSpec files_spec() {
  using config::KeyType;
  return {
      .type = "files",
      .doc = "Canonical records from NDJSON/CSV files in a directory, read as they grow",
      .source = true,
      .sink = false,
      .keys = {
          {"path", KeyType::path, "", "directory holding tickets.ndjson, calls.csv, ...", true},
          {"batch_records", KeyType::integer, std::to_string(kDefaultBatchRecords),
           "most records (or rejected lines) per poll; bounds memory", false},
          {"follow_symlinks", KeyType::boolean, "false",
           "read a data file that is a symbolic link (its target must be a regular file)", false}}};
}

std::unique_ptr<Source> make_file_source(const config::Block& block) {
  // Parsed here rather than with Block::integer() so this library does not need
  // dp_config; the block was validated against files_spec() already.
  size_t batch = kDefaultBatchRecords;
  std::string text = block.str("batch_records");
  size_t parsed = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), parsed);
  if (ec == std::errc() && p == text.data() + text.size() && parsed > 0) batch = parsed;
  return std::make_unique<FileSource>(
      block.name, block.str("path"),
      FileOptions{.batch_records = batch,
                  .follow_symlinks = block.str("follow_symlinks") == "true"});
}

Result<Batch> read_directory(const std::string& dir) {
  FileSource src("files", dir, FileOptions{.whole_files = true});
  Batch all;
  std::string cursor;
  do {
    auto b = src.poll(cursor);
    if (!b) return b.error();
    all.records.append(std::move(b->records));
    all.rejected.insert(all.rejected.end(), b->rejected.begin(), b->rejected.end());
    all.warnings.insert(all.warnings.end(), b->warnings.begin(), b->warnings.end());
    cursor = b->cursor;
    all.more = b->more;
  } while (all.more);
  all.cursor = cursor;
  return all;
}

}  // namespace dp::files
