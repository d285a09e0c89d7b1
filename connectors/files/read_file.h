// Reads the records of one NDJSON or CSV file from a mark on: the streaming core of
// the file source.
#pragma once

#include <string>

#include "connector/source.h"
#include "files/codec.h"
#include "files/cursor.h"
#include "files/seen_ids.h"

namespace dp::files {

// A quoted CSV field may hold line ends, but the record is rejected when its quote
// is still open after this many lines (or kMaxLine bytes, or at the end of a whole
// file); reading resumes on the line after the record's first.
inline constexpr uint64_t kMaxCsvRecordLines = 100;

// Appends up to `budget` records or rejections (blank lines do not count) to `out`,
// advancing `mark` past each whole line used. Returns how many were appended. The file
// is followed by the shared tailer (tail/tail.h): rotation to `<path>.1`, truncation
// and rewrites (a warning each), bad lines (a rejection each); `out.more` is set while
// a rotated file is finished. Unless `whole_file`, a last line without its line end,
// or a CSV record still inside quotes, is left unread. An error when the file cannot
// be opened or read; what was read before a read error is kept (and `mark` is past
// it). With `seen`, a record whose
// id an earlier line of the file gave is a warning naming both lines (the first
// kMaxDuplicateWarnings per file, then one saying the rest are not listed).
Result<size_t> read_records(const std::string& path, const std::string& name, Kind kind,
                            FileMark& mark, size_t budget, bool whole_file, Batch& out,
                            SeenIds* seen = nullptr);

inline constexpr size_t kMaxDuplicateWarnings = 20;

}  // namespace dp::files
