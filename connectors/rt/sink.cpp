#include "rt/sink.h"

#include "rt/encode.h"
#include "rt/normalize.h"

#include <algorithm>

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

bool confirms(const std::string& m, const FieldValue& v) {
  const std::string head = v.field + " ";
  if (m == head + v.value + " added") return true;
  if (v.value.empty())  // cleared with null
    return m.ends_with(" is no longer a value for custom field " + v.field) ||
           (m.starts_with(head) && m.ends_with(" deleted"));
  if (!m.starts_with(head)) return false;
  return m.ends_with(" changed to " + v.value);
}

namespace {

enum class Target { ticket, user };

// What RT holds in a ticket's or a user's fields now, as deskpulse may see it.
Result<std::map<std::string, std::string>> read_fields(RtApi& api, Target kind,
                                                       const std::string& target) {
  const RtOptions& o = api.options();
  if (kind == Target::ticket) {
    auto back = api.send_ok(ticket_request(o, rt_ticket_number(target).value_or(0)));
    if (!back) return back.error();
    return parse_record_fields(back->body);
  }
  auto back = api.send_ok(user_fields_request(o, target));
  if (!back) return back.error();
  auto fields = parse_first_item_fields(back->body);  // {items:[{id, Name, CustomFields}]}
  if (!fields) return fields.error();
  if (!*fields) return make_error("RT has no user '" + target + "' visible to deskpulse");
  return std::move(**fields);
}

SinkResult write_fields(RtApi& api, Result<http::Request> put, Target kind,
                        const std::string& target, const std::vector<FieldValue>& values,
                        const std::string& what) {
  if (!put) return result(SinkStatus::error, what + ": " + put.error().str());
  auto r = api.send(std::move(*put));
  auto s = classify(r, what);
  if (!s.ok()) return s;
  // RT answers one message per value it changed and nothing for a value it already
  // held, for a field that is not applied, or that deskpulse may not see: anything not
  // confirmed is read back once and compared.
  std::vector<std::string> said;
  if (auto doc = json::parse(r->body); doc && doc->IsArray())
    for (const auto& m : doc->GetArray())
      if (m.IsString()) said.push_back(m.GetString());
  std::vector<const FieldValue*> unconfirmed;
  for (const auto& v : values)
    if (std::none_of(said.begin(), said.end(),
                     [&](const std::string& m) { return confirms(m, v); }))
      unconfirmed.push_back(&v);
  if (unconfirmed.empty()) return s;
  auto held = read_fields(api, kind, target);
  if (!held)
    return result(SinkStatus::retry,
                  what + ": RT confirmed " + std::to_string(values.size() - unconfirmed.size()) +
                      " of " + std::to_string(values.size()) +
                      " values and reading them back failed: " + held.error().str());
  std::string failed;
  for (const auto* v : unconfirmed) {
    auto it = held->find(v->field);
    std::string now = it == held->end() ? "" : it->second;
    if (now == v->value) continue;  // already held: nothing to change
    s.failed_fields.push_back(v->field);
    failed += (failed.empty() ? "'" : ", '") + v->field + "' (RT holds '" + now + "', not '" +
              v->value + "')";
  }
  if (s.failed_fields.empty()) return s;
  std::string rt_said;
  for (const auto& m : said) rt_said += (rt_said.empty() ? "" : "; ") + m;
  s.status = SinkStatus::error;
  s.message = what + ": RT did not take " + failed +
              (rt_said.empty() ? "" : " (RT said: " + rt_said + ")") +
              ": the field is not applied to this ticket's queue, or deskpulse's RT user may not "
              "see or modify it; run `deskpulse doctor`";
  return s;
}

}  // namespace

SinkResult write_ticket_fields(RtApi& api, const std::string& ticket,
                               const std::vector<FieldValue>& values) {
  return write_fields(api, encode_ticket_fields(api.options(), ticket, values), Target::ticket,
                      ticket, values, "ticket " + ticket);
}

SinkResult write_user_fields(RtApi& api, const std::string& agent,
                             const std::vector<FieldValue>& values) {
  return write_fields(api, encode_user_fields(api.options(), agent, values), Target::user, agent,
                      values, "user " + agent);
}

SinkResult RtSink::write_ticket_fields(const std::string& ticket,
                                       const std::vector<FieldValue>& values) {
  return rt::write_ticket_fields(*api_, ticket, values);
}

SinkResult RtSink::write_user_fields(const std::string& agent,
                                     const std::vector<FieldValue>& values) {
  return rt::write_user_fields(*api_, agent, values);
}

// Exactly once: the report is looked for in the reports queue before it is posted, so a
// post that RT completed but deskpulse did not record (kill -9, a timeout, a lost
// state) is found instead of made again. The client never repeats the POST itself.
SinkResult RtSink::post_report(const ReportPost& p) {
  const std::string what = "report '" + p.subject + "'";
  auto found = api_->send(report_search_request(api_->options(), p.subject));
  auto searched = classify(found, what + ": looking for it in the reports queue");
  if (!searched.ok()) {
    // Not knowing whether it exists, posting could make a second one: try next cycle.
    if (searched.status == SinkStatus::error) searched.status = SinkStatus::retry;
    return searched;
  }
  auto page = parse_tickets(found->body);
  if (!page)
    return result(SinkStatus::retry,
                  what + ": RT's search answer is unreadable: " + page.error().str());
  for (const auto& t : page->items) {
    if (t.subject != p.subject && !t.subject.empty()) continue;
    auto s = result(SinkStatus::ok, what + ": already in RT as ticket " + std::to_string(t.id) +
                                        " (posted before, not posted again)");
    s.ref = ticket_id(api_->options(), t.id);
    s.existing = true;
    return s;
  }
  auto r = api_->send(encode_report(api_->options(), p));
  auto s = classify(r, what);
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
