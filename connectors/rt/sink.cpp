#include "rt/sink.h"

#include "rt/encode.h"
#include "rt/normalize.h"

namespace dp::rt {
namespace {

SinkResult result(SinkStatus s, std::string message) {
  SinkResult r;
  r.status = s;
  r.message = std::move(message);
  return r;
}

}  // namespace

SinkResult classify(const Result<http::Response>& r, const std::string& what) {
  // The client has already retried; what reaches us as an Error is what was left when
  // its attempts ran out. Its message is the only trace of a final 429.
  if (!r && r.error().message.find("HTTP 429") != std::string::npos)
    return result(SinkStatus::rate_limited, what + ": " + r.error().message);
  switch (http::classify(r)) {
    case http::Outcome::ok:
      return result(SinkStatus::ok, "");
    case http::Outcome::rate_limited: {
      auto s = result(SinkStatus::rate_limited, what + ": RT asks to slow down (HTTP 429)");
      if (auto after = r->header("Retry-After"))
        s.retry_after = http::parse_retry_after(
            *after, std::chrono::floor<Seconds>(std::chrono::system_clock::now()));
      return s;
    }
    case http::Outcome::retriable:
      return result(SinkStatus::retry,
                    what + ": " + (r ? "HTTP " + std::to_string(r->status) : r.error().str()));
    case http::Outcome::permanent:
      break;
  }
  std::string hint;
  if (r && (r->status == 401 || r->status == 403))
    hint = " (deskpulse's RT user lacks the right: run `deskpulse doctor`)";
  if (r && r->status == 404) hint = " (no such ticket, user or queue)";
  return result(SinkStatus::error,
                what + ": " +
                    (r ? "HTTP " + std::to_string(r->status) + hint + ": " + r->body.substr(0, 200)
                       : r.error().str()));
}

SinkResult classify_field_write(const Result<http::Response>& r, const std::string& what) {
  auto s = classify(r, what);
  if (!s.ok()) return s;
  auto doc = json::parse(r->body);
  if (doc && doc->IsArray() && doc->Empty())
    s.message = what + ": RT reported no change (value already set, or the field is not " +
                "applied to this ticket's queue: run `deskpulse init`)";
  return s;
}

SinkResult RtSink::write_field(const FieldWrite& w) {
  std::string what = "ticket " + w.ticket + " field '" + w.field + "'";
  auto req = encode_field_write(api_->options(), w);
  if (!req) return result(SinkStatus::error, what + ": " + req.error().str());
  return classify_field_write(api_->send(*req), what);
}

SinkResult RtSink::write_user_field(const UserFieldWrite& w) {
  return classify_field_write(api_->send(encode_user_field_write(api_->options(), w)),
                              "user " + w.agent + " field '" + w.field + "'");
}

SinkResult RtSink::post_report(const ReportPost& p) {
  auto r = api_->send(encode_report(api_->options(), p));
  auto s = classify(r, "report '" + p.subject + "'");
  if (!s.ok()) return s;
  auto doc = json::parse(r->body);
  if (!doc || !doc->IsObject() || id_of(*doc, "id") <= 0)
    return result(SinkStatus::error, "report '" + p.subject + "': RT's answer has no ticket id");
  s.ref = ticket_id(api_->options(), id_of(*doc, "id"));
  return s;
}

Result<std::unique_ptr<Sink>> make_rt_sink(const config::Block& block) {
  auto o = rt_options_from(block);
  if (!o) return o.error();
  return std::unique_ptr<Sink>(std::make_unique<RtSink>(make_api(*o)));
}

}  // namespace dp::rt
