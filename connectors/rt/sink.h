// RtSink: scores as ticket and user custom fields (all of a ticket's in one PUT, read
// back only when RT's answer does not confirm a value), reports as tickets in the
// reports queue (looked for before posting: exactly once). The write-back runner owns
// the ledger and retries.
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
  SinkResult write_ticket_fields(const std::string& ticket,
                                 const std::vector<FieldValue>& values) override;
  SinkResult write_user_fields(const std::string& agent,
                               const std::vector<FieldValue>& values) override;
  SinkResult post_report(const ReportPost& r) override;

  HttpCounts http_counts() const override { return api_->http_counts(); }

 private:
  std::unique_ptr<RtApi> api_;
};

// One place that turns a REST2 answer into a SinkResult (pure, unit-tested).
// `what` names the operation in messages ("ticket 12 field 'KPI SLA Met'").
SinkResult classify(const Result<http::Response>& r, const std::string& what);
// Whether one of RT's answers to a custom-field PUT says the field now holds the value
// (RT::Record::_AddCustomFieldValue: "F V added", "F OLD changed to V", "F OLD deleted"
// for ""). RT says nothing for a value it already held and for a field that is not
// applied or not visible, and "Could not add a new value to custom field 'F': ..."
// without the right: the sink reads back what is not confirmed.
bool confirms(const std::string& message, const FieldValue& v);

// The sink's field writes on any api (doctor tries a user field on deskpulse's own
// record): one PUT, then a read-back of what RT's answer did not confirm.
SinkResult write_ticket_fields(RtApi& api, const std::string& ticket,
                               const std::vector<FieldValue>& values);
SinkResult write_user_fields(RtApi& api, const std::string& agent,
                             const std::vector<FieldValue>& values);

Result<std::unique_ptr<Sink>> make_rt_sink(const config::Block& block);

}  // namespace dp::rt
