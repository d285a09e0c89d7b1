// Reads the records of one NDJSON or CSV file from a mark on: the streaming core of
// the file source.
#pragma once

#include <string>

#include "connector/source.h"
#include "files/codec.h"
#include "files/cursor.h"

namespace dp::files {

// Appends up to `budget` records or rejections (blank lines do not count) to `out`,
// advancing `mark` past each whole line used. Returns how many were appended. A
// last line without newline, or a CSV record still inside quotes, is left unread.
Result<size_t> read_records(const std::string& path, const std::string& name, Kind kind,
                            FileMark& mark, size_t budget, Batch& out);

}  // namespace dp::files
