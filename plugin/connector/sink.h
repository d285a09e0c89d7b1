// What every sink connector implements. Sinks translate only; retry, backoff and rate
// limits live in connectors/http and the write-back runner.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connector/http_counts.h"
#include "model/result.h"
#include "model/time.h"

namespace dp {

// A value for a custom field on a ticket.
struct FieldWrite {
  std::string ticket;  // canonical id "rt:123"
  std::string field;   // custom field name
  std::string value;
};

// One field's value in a write of several fields to one target. "" clears the field.
struct FieldValue {
  std::string field;
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
  SinkResult() = default;
  SinkResult(SinkStatus s, std::string m, std::optional<Seconds> after = {}, std::string r = {})
      : status(s), message(std::move(m)), retry_after(after), ref(std::move(r)) {}
  SinkStatus status = SinkStatus::ok;
  std::string message;
  std::optional<Seconds> retry_after;
  std::string ref;        // what was created, e.g. the report ticket's id
  bool existing = false;  // a report found in the sink, posted before: `ref` names it
  // Of a write of several fields that failed: the fields that did not land, when the
  // others did. Empty when the status covers every field.
  std::vector<std::string> failed_fields;
  bool ok() const { return status == SinkStatus::ok; }
};

class Sink {
 public:
  virtual ~Sink() = default;
  virtual std::string name() const = 0;
  virtual Result<void> health_check() = 0;
  // All of one ticket's (or one agent's) field values, in one request where the sink
  // can. ok only when every value landed: a helpdesk that silently ignores a field
  // (not applied, not writable) is an error naming it, never a success.
  virtual SinkResult write_ticket_fields(const std::string& ticket,
                                         const std::vector<FieldValue>& values) = 0;
  virtual SinkResult write_user_fields(const std::string& agent,
                                       const std::vector<FieldValue>& values) = 0;
  // Exactly once per (team, period): a sink that can look up what it made finds a
  // report posted before (result `existing`) instead of posting it again.
  virtual SinkResult post_report(const ReportPost& r) = 0;
  // HTTP requests, retries and errors so far (HTTP sinks), for the cycle line and
  // /metrics.
  virtual HttpCounts http_counts() const { return {}; }
};

}  // namespace dp
