#include "rt/doctor.h"

#include "rt/encode.h"
#include "rt/init.h"
#include "rt/rest_json.h"

namespace dp::rt {
namespace {

Check pass(std::string name, std::string detail) {
  return {std::move(name), true, detail, ""};
}
Check fail(std::string name, std::string detail, std::string fix) {
  return {std::move(name), false, std::move(detail), std::move(fix)};
}

http::Request get(std::string url) {
  http::Request r;
  r.url = std::move(url);
  return r;
}

Check reach(const RtOptions& o, const Result<http::Response>& r) {
  if (r) return pass("reachable", o.url + " answers");
  const std::string& m = r.error().message;
  bool tls = m.find("SSL") != std::string::npos || m.find("certificate") != std::string::npos ||
             m.find("TLS") != std::string::npos;
  if (tls)
    return fail("tls", m,
                "give the CA that signed RT's certificate as ca_file (verify_tls: false only "
                "on a test box)");
  return fail("reachable", m, "check url (scheme, host, port) and that RT's web server runs");
}

}  // namespace

Check clock_check(const std::optional<std::string>& date, Time now, Seconds tolerance) {
  auto rt_now = date ? http::parse_http_date(*date) : std::nullopt;
  if (!rt_now) return fail("clock", "RT sent no readable Date header", "");
  auto skew = std::chrono::abs(now - *rt_now);
  std::string detail = "skew " + std::to_string(skew.count()) + " s against RT's Date header";
  if (skew <= tolerance) return pass("clock", detail);
  return fail("clock", detail,
              "synchronise both hosts' clocks (systemd-timesyncd or chrony): response times "
              "are computed from RT's timestamps and the sync cursor uses them");
}

Result<std::vector<Check>> rt_doctor(RtApi& api, Time now) {
  const RtOptions& o = api.options();
  std::vector<Check> out;
  auto ping = api.send(get(rest_url(o, "rt")));
  out.push_back(reach(o, ping));
  if (!out.back().ok) return out;
  if (ping->status == 401 || ping->status == 403) {
    out.push_back(fail("auth",
                       "RT refused the credentials (HTTP " + std::to_string(ping->status) + ")",
                       "create an auth token for deskpulse's user (RT: Logged in as > Settings > "
                       "Auth Tokens) and give it as token"));
    return out;
  }
  if (ping->status != 200) {
    out.push_back(fail("rest2",
                       "HTTP " + std::to_string(ping->status) + " from " + rest_url(o, "rt"),
                       "set url to RT's base URL without /REST/2.0 (WebPath included)"));
    return out;
  }
  out.push_back(pass("auth", o.token.empty() ? "basic auth as " + o.user : "auth token accepted"));
  out.push_back(clock_check(ping->header("Date"), now));

  auto txns = api.send_ok(transactions_request(o, 0));
  auto page = txns ? parse_transactions(txns->body) : Result<Page<RtTransaction>>(txns.error());
  if (page && !page->items.empty())
    out.push_back(pass("rights: history", "ticket transactions are readable"));
  else
    out.push_back(fail("rights: history",
                       page ? "no ticket transaction is visible" : page.error().str(),
                       "grant deskpulse's user ShowTicket and ShowTicketComments on the queues "
                       "(RT: Admin > Queues > Group/User Rights)"));

  auto plan = plan_init(api);
  if (!plan) {
    out.push_back(fail("rights: queues and fields", plan.error().str(),
                       "grant deskpulse's user SeeQueue and SeeCustomField"));
    return out;
  }
  if (!plan->missing_queues.empty())
    out.push_back(fail("queues", "not visible: " + plan->missing_queues.front(),
                       "fix `queues`, or grant deskpulse's user SeeQueue on it"));
  if (plan->empty())
    out.push_back(pass("fields", "KPI fields exist, are applied to the queues and are visible"));
  else
    out.push_back(fail("fields", "the KPI fields or the reports queue are missing or not applied",
                       "run `deskpulse init` (or give the printed initialdata to the RT admin)"));
  if (plan->create_own_user)
    out.push_back(fail("own user", "RT has no user '" + own_user(o) + "'",
                       "set own_user to deskpulse's RT user name, or run `deskpulse init`"));
  return out;
}

}  // namespace dp::rt
