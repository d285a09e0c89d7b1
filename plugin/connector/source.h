// What every source connector implements (ARCHITECTURE.md, data flow).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connector/http_counts.h"
#include "model/records.h"
#include "model/result.h"
#include "model/text.h"
#include "model/time.h"

namespace dp {

// A record that could not be used, with where it came from and which field.
struct Rejection {
  std::string where;  // "calls.ndjson:17", "rt ticket 42", "queue_log:1033"
  std::string field;  // "offered_at" ("" when the whole line is bad)
  std::string message;
  // One line, safe for a terminal and a log (model/text.h, printable()).
  std::string str() const {
    return dp::printable(where + (field.empty() ? "" : ": field '" + field + "'") + ": " + message);
  }
};

struct Batch {
  Records records;
  std::vector<Rejection> rejected;
  // What the source could not read that is not one record (a field its user may not
  // see): logged by every sync, never silent.
  std::vector<std::string> warnings;
  std::string cursor;  // the cursor after this batch; stored with its records
  bool more = false;   // call poll() again right away
};

class Source {
 public:
  virtual ~Source() = default;
  virtual std::string name() const = 0;  // instance name from config
  // Touches the network or the disk; `doctor` calls it.
  virtual Result<void> health_check() = 0;
  // The next batch after `cursor` ("" = from the beginning). The caller stores the
  // records and the returned cursor in one transaction, then calls again while `more`.
  virtual Result<Batch> poll(const std::string& cursor) = 0;
  // The cursor from which poll() reads history again (`sync --resync`): from the
  // beginning, or from the first record at or after `since`. Re-read records replace
  // the stored ones (records are keyed), so nothing is duplicated.
  virtual Result<std::string> cursor_since(std::optional<Time> since) {
    if (since) return make_error(name() + ": cannot start a resync at a date; use --resync alone");
    return std::string();
  }
  // HTTP requests, retries and errors so far (HTTP sources), for the cycle line and
  // /metrics.
  virtual HttpCounts http_counts() const { return {}; }
};

}  // namespace dp
