// What a secret may be (docs/configuration.md, "Secrets"): one line, so that it cannot
// carry a second HTTP header, read from a small file only its owner can read.
#pragma once

#include <string>

#include "model/result.h"

namespace dp::config {

// The content of a secret_file without its one trailing newline (LF or CRLF). The file
// must be a regular file (a symlink to one is fine; a FIFO, device or folder is not
// opened for reading), neither readable nor writable by group or others, and at most
// 64 KiB; a CR, LF or NUL left inside is refused. Messages name the file, never the
// content.
Result<std::string> read_secret_file(const std::string& file);

// Whether a secret from ${ENV} or a file can be sent as one header value: no CR, LF
// or NUL.
bool is_one_line(const std::string& secret);

}  // namespace dp::config
