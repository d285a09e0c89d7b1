// RtSink: scores as ticket and user custom fields, reports as tickets in the reports
// queue. Each call is one request; the write-back runner owns the ledger and retries.
#pragma once

#include <memory>

#include "config/keys.h"
#include "connector/sink.h"
#include "rt/api.h"
#include "rt/rest_json.h"

namespace dp::rt {

class RtSink : public Sink {
 public:
  explicit RtSink(std::unique_ptr<RtApi> api) : api_(std::move(api)) {}
  std::string name() const override { return api_->options().name; }
  Result<void> health_check() override { return check_access(*api_); }
  SinkResult write_field(const FieldWrite& w) override;
  SinkResult write_user_field(const UserFieldWrite& w) override;
  SinkResult post_report(const ReportPost& r) override;

  size_t requests_made() const { return api_->requests_made(); }

 private:
  std::unique_ptr<RtApi> api_;
};

// One place that turns a REST2 answer into a SinkResult (pure, unit-tested).
// `what` names the operation in messages ("ticket 12 field 'KPI SLA Met'").
SinkResult classify(const Result<http::Response>& r, const std::string& what);
// RT answers a custom-field PUT with a list of messages; [] means nothing changed:
// the value was already set, or the field is not applied to the ticket's queue.
SinkResult classify_field_write(const Result<http::Response>& r, const std::string& what);

Result<std::unique_ptr<Sink>> make_rt_sink(const config::Block& block);

}  // namespace dp::rt
