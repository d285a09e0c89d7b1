// The state file's schema: forward migrations, applied in order, each in its own
// transaction. A step is never edited once released; a change is a new step.
#pragma once

#include <string>
#include <vector>

#include "model/result.h"
#include "store/sqlite.h"

namespace dp::schema {

struct Migration {
  int version;
  const char* sql;
};

const std::vector<Migration>& migrations();
int latest_version();

// The version recorded in the file (0 for a new file).
Result<int> current_version(sql::Db& db);

// Brings the file to latest_version(). A file newer than this binary is refused,
// naming both versions. `path` only names the file in errors.
Result<int> migrate(sql::Db& db, const std::string& path);

}  // namespace dp::schema
