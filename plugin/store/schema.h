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

// What migrate() did: the version the file had, and where a copy of it was kept.
struct Migrated {
  int from = 0;
  std::string backup;  // "" when nothing was migrated (or the file was new)
};

// Brings the file to latest_version(). A file that has data at an older version is
// first copied whole to `path`.bak-v<old version> (VACUUM INTO; an existing copy of that
// name is kept, not overwritten). A file newer than this binary is refused, naming both
// versions.
Result<Migrated> migrate(sql::Db& db, const std::string& path);

// Without writing anything: an error unless the file is a deskpulse state at
// latest_version() (one that needs a migration names the commands that do it).
Result<void> require_current(sql::Db& db, const std::string& path);

}  // namespace dp::schema
