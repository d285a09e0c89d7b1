#include "rt/doctor.h"

#include <algorithm>

#include "rt/encode.h"
#include "rt/fields.h"
#include "rt/init.h"
#include "rt/normalize.h"
#include "rt/rest_json.h"
#include "rt/sink.h"

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

const char* const kInitFix =
    "run `deskpulse init` as the RT admin (or give the RT admin the file `deskpulse init "
    "--print` prints): it creates only what is missing and grants deskpulse's user";

// Per queue deskpulse syncs: every field it reads and writes is visible there; per user
// field: deskpulse can set it, tried on its own user record and read back.
std::vector<Check> field_checks(RtApi& api, const InitPlan& plan) {
  const RtOptions& o = api.options();
  std::vector<Check> out;
  auto seen = visibility(api);
  if (!seen) return {fail("rights: fields", seen.error().str(), kInitFix)};
  for (const auto& q : seen->queues_not_visible)
    out.push_back(fail("queue " + q, "not visible: missing, or deskpulse's RT user lacks SeeQueue",
                       "grant deskpulse's user SeeQueue, ShowTicket and ShowTicketComments on "
                       "queue '" +
                           q + "', or fix `queues`"));
  const auto read = fields_read(o);
  for (const auto& [queue, names] : seen->on_queue) {
    std::string missing_read, missing_written;
    for (const auto& [key, field] : read)
      if (!names.count(field))
        missing_read += (missing_read.empty() ? "'" : ", '") + field + "' (" + key + ")";
    for (const auto& f : o.ticket_fields)
      if (!names.count(f) && missing_written.find("'" + f + "'") == std::string::npos)
        missing_written += (missing_written.empty() ? "'" : ", '") + f + "'";
    const std::string what = "queue " + queue;
    if (!missing_read.empty())
      out.push_back(
          fail(what + ": fields read",
               "cannot see " + missing_read + ": surveys, topics or channels there are not read",
               "grant deskpulse's RT user SeeCustomField on " + missing_read +
                   " (RT: Admin > Custom Fields > the field > User Rights), or apply "
                   "it to queue '" +
                   queue + "'; then `deskpulse sync --resync`"));
    if (!missing_written.empty())
      out.push_back(fail(what + ": fields written",
                         "not applied or not visible: " + missing_written, kInitFix));
    if (missing_read.empty() && missing_written.empty())
      out.push_back(pass(
          what, "sees the " + std::to_string(names.size()) + " fields it reads and writes there"));
  }
  // User fields: a write on deskpulse's own user record, read back, then cleared.
  for (const auto& f : plan.new_user_fields)
    out.push_back(
        fail("user field '" + f + "'", "missing, or deskpulse's RT user may not see it", kInitFix));
  const std::string me = own_user(o);
  for (const auto& f : o.user_fields) {
    if (me.empty() || std::find(plan.new_user_fields.begin(), plan.new_user_fields.end(), f) !=
                          plan.new_user_fields.end())
      continue;
    auto set = write_user_fields(api, me, {{f, "deskpulse doctor check"}});
    auto cleared = write_user_fields(api, me, {{f, ""}});
    if (set.ok() && cleared.ok())
      out.push_back(pass("user field '" + f + "'", "set and read back on user " + me));
    else
      out.push_back(fail("user field '" + f + "'", (set.ok() ? cleared : set).message,
                         "grant deskpulse's user SeeCustomField and ModifyCustomField on the "
                         "user field '" +
                             f +
                             "' (lookup type RT::User, not the ticket field of "
                             "that name); " +
                             std::string(kInitFix)));
  }
  return out;
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

Result<std::vector<Check>> rt_doctor(RtApi& api, Time now, const std::vector<Written>& written) {
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
                       "grant deskpulse's user SeeQueue on the queues it syncs and SeeCustomField "
                       "on the fields (`deskpulse init --print` prints the initialdata)"));
    return out;
  }
  if (plan->create_own_user)
    out.push_back(fail("own user", "RT has no user '" + own_user(o) + "'",
                       "set own_user to deskpulse's RT user name, or run `deskpulse init`"));
  for (const auto& c : field_checks(api, *plan)) out.push_back(c);
  // What deskpulse wrote last in each ticket field is still what RT holds.
  for (const auto& w : written) {
    auto n = rt_ticket_number(w.ticket);
    if (!n) continue;
    auto back = api.send_ok(ticket_request(o, *n));
    auto held = back ? parse_record_fields(back->body)
                     : Result<std::map<std::string, std::string>>(back.error());
    const std::string what = "ticket field '" + w.field + "'";
    if (!held) {
      out.push_back(fail(what,
                         "cannot read ticket " + std::to_string(*n) + ": " + held.error().str(),
                         "grant deskpulse's user ShowTicket on that ticket's queue"));
      continue;
    }
    auto it = held->find(w.field);
    const std::string now_held = it == held->end() ? "" : it->second;
    if (now_held == w.value)
      out.push_back(pass(what, "ticket " + std::to_string(*n) + " holds what deskpulse wrote"));
    else
      out.push_back(
          fail(what,
               "ticket " + std::to_string(*n) + " holds '" + now_held +
                   "' where deskpulse last wrote '" + w.value + "'",
               "someone changed it by hand, or deskpulse's writes do not land: grant "
               "deskpulse's user SeeCustomField and ModifyCustomField on the ticket field '" +
                   w.field + "'"));
  }
  if (plan->create_reports_queue)
    out.push_back(fail("reports queue", "'" + o.reports_queue + "' is missing or not visible",
                       "run `deskpulse init` (it grants deskpulse SeeQueue, ShowTicket and "
                       "CreateTicket on it)"));
  return out;
}

}  // namespace dp::rt
