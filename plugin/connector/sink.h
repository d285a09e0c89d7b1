// What every sink connector implements. Sinks translate only; retry, backoff and rate
// limits live in connectors/http and the write-back runner.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/result.h"
#include "model/time.h"

namespace dp {

// A value for a custom field on a ticket.
struct FieldWrite {
  std::string ticket;  // canonical id "rt:123"
  std::string field;   // custom field name
  std::string value;
};

// A value for a custom field on an agent's user record.
struct UserFieldWrite {
  std::string agent;
  std::string field;
  std::string value;
};

struct Attachment {
  std::string filename;
  std::string content_type;
  std::string bytes;
  std::string alt;  // alt text for images
};

struct ReportPost {
  std::string team;    // "" for the overall report
  std::string period;  // "2026-W47"
  std::string subject;
  std::string html;
  std::string text;
  std::vector<Attachment> attachments;
};

enum class SinkStatus { ok, retry, rate_limited, error };

struct SinkResult {
  SinkStatus status = SinkStatus::ok;
  std::string message;
  std::optional<Seconds> retry_after;
  std::string ref;  // what was created, e.g. the report ticket's id
  bool ok() const { return status == SinkStatus::ok; }
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::string name() const = 0;
  virtual Result<void> health_check() = 0;
  virtual SinkResult write_field(const FieldWrite& w) = 0;
  virtual SinkResult write_user_field(const UserFieldWrite& w) = 0;
  virtual SinkResult post_report(const ReportPost& r) = 0;
};

}  // namespace dp
