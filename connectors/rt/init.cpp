#include "rt/init.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "rt/encode.h"
#include "rt/rest_json.h"

namespace dp::rt {
namespace {

constexpr int kMaxPages = 1000;
const char* kSetupDatabase = "/usr/sbin/rt-setup-database-5";

// Every item of a paged REST2 list: {id, Name}.
Result<std::vector<UserRef>> list_all(RtApi& api, http::Request first) {
  std::vector<UserRef> out;
  for (int p = 1; p <= kMaxPages; ++p) {
    http::Request r = first;
    r.url = http::with_query(first.url, {{"per_page", "100"}, {"page", std::to_string(p)}});
    auto res = api.send_ok(r);
    if (!res) return res.error();
    auto page = parse_refs(res->body);
    if (!page) return page.error();
    for (auto& u : page->items) out.push_back(std::move(u));
    // Not next_page: RT 5.0.3 omits it for users who are not SuperUser.
    if (page->items.empty()) break;
  }
  return out;
}

http::Request custom_fields_of(const RtOptions& o, const char* lookup_type) {
  http::Request r;
  r.method = "POST";
  r.url = http::with_query(rest_url(o, "customfields"), {{"fields", "Name"}});
  r.headers = {{"Content-Type", "application/json"}};
  // An empty query finds nothing on RT 5.0.3: the lookup type must be given.
  r.body = std::string(R"([{"field":"LookupType","value":")") + lookup_type + "\"}]";
  return r;
}

http::Request get(std::string url) {
  http::Request r;
  r.url = std::move(url);
  return r;
}

std::set<std::string> names(const std::vector<UserRef>& v) {
  std::set<std::string> s;
  for (const auto& u : v) s.insert(u.name);
  return s;
}

// Perl single-quoted string.
std::string q(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

std::string list(const std::vector<std::string>& v) {
  std::string out = "[";
  for (const auto& s : v) out += (out.size() > 1 ? ", " : "") + q(s);
  return out + "]";
}

void acl(std::string& out, const std::string& target, const std::string& who,
         const std::vector<std::string>& rights) {
  for (const auto& r : rights) out += "  { " + target + ", " + who + ", Right => " + q(r) + " },\n";
}

std::vector<std::string> unique(const std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (const auto& s : v)
    if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
  return out;
}

}  // namespace

Result<InitPlan> plan_init(RtApi& api) {
  const RtOptions& o = api.options();
  InitPlan plan;
  auto queues =
      list_all(api, get(http::with_query(rest_url(o, "queues/all"), {{"fields", "Name"}})));
  if (!queues) return queues.error();
  auto queue_names = names(*queues);
  plan.create_reports_queue = !queue_names.count(o.reports_queue);
  std::vector<std::string> targets = o.queues;
  if (targets.empty())
    for (const auto& n : queue_names)
      if (n != o.reports_queue) targets.push_back(n);
  for (const auto& t : targets)
    if (!queue_names.count(t)) plan.missing_queues.push_back(t);

  auto ticket_cfs = list_all(api, custom_fields_of(o, "RT::Queue-RT::Ticket"));
  if (!ticket_cfs) return ticket_cfs.error();
  auto user_cfs = list_all(api, custom_fields_of(o, "RT::User"));
  if (!user_cfs) return user_cfs.error();
  auto have_ticket = names(*ticket_cfs), have_user = names(*user_cfs);
  // A field named twice (the block's list and the write-back config's) is one field:
  // RT would otherwise get two fields of that name and show the empty one.
  const auto ticket_fields = unique(o.ticket_fields), user_fields = unique(o.user_fields);
  for (const auto& f : ticket_fields)
    if (!have_ticket.count(f)) plan.new_ticket_fields[f] = {};
  for (const auto& f : user_fields)
    if (!have_user.count(f)) plan.new_user_fields.push_back(f);

  for (const auto& queue : *queues) {
    if (std::find(targets.begin(), targets.end(), queue.name) == targets.end()) continue;
    auto applied = list_all(
        api,
        get(http::with_query(rest_url(o, "queue/" + std::to_string(queue.id) + "/customfields"),
                             {{"fields", "Name"}})));
    if (!applied) return applied.error();
    auto on_queue = names(*applied);
    for (const auto& f : ticket_fields) {
      if (on_queue.count(f)) continue;
      auto& where = have_ticket.count(f) ? plan.apply_fields[f] : plan.new_ticket_fields[f];
      where.push_back(queue.name);
    }
  }
  if (auto me = own_user(o); !me.empty()) {
    auto u = api.send(user_request(o, me));
    if (!u) return u.error();
    plan.create_own_user = u->status == 404;
  }
  return plan;
}

std::string initialdata(const RtOptions& o, const InitPlan& p) {
  const std::string staff = "GroupDomain => 'SystemInternal', GroupType => 'Privileged'";
  const std::string me = own_user(o);
  const std::string self = "UserId => " + q(me);
  std::string out = "# deskpulse init: fields, reports queue and rights for the RT sink.\n";
  if (p.create_own_user)
    out += "@Users = ({ Name => " + q(me) +
           ", Privileged => 1, Comments => 'deskpulse sidecar: set a password or an auth "
           "token' });\n";
  if (p.create_reports_queue)
    out += "@Queues = ({ Name => " + q(o.reports_queue) +
           ", Description => 'deskpulse KPI reports, one ticket per team and period' });\n";
  out += "@CustomFields = (\n";
  for (const auto& [name, queues] : p.new_ticket_fields)
    out += "  { Name => " + q(name) +
           ", Type => 'FreeformSingle', LookupType => 'RT::Queue-RT::Ticket', Queue => " +
           list(queues) + ", Description => 'deskpulse KPI (written by deskpulse)' },\n";
  for (const auto& name : p.new_user_fields)
    out += "  { Name => " + q(name) +
           ", Type => 'FreeformSingle', LookupType => 'RT::User', Description => 'deskpulse "
           "rolling score (written by deskpulse)' },\n";
  out += ");\n@ACL = (\n";
  std::vector<std::string> fields;
  for (const auto& [name, _] : p.new_ticket_fields) fields.push_back(name);
  fields.insert(fields.end(), p.new_user_fields.begin(), p.new_user_fields.end());
  for (const auto& f : fields) {
    acl(out, "CF => " + q(f), staff, {"SeeCustomField"});
    if (!me.empty()) acl(out, "CF => " + q(f), self, {"SeeCustomField", "ModifyCustomField"});
  }
  if (p.create_reports_queue) {
    acl(out, "Queue => " + q(o.reports_queue), staff, {"SeeQueue", "ShowTicket"});
    if (!me.empty())
      acl(out, "Queue => " + q(o.reports_queue), self, {"SeeQueue", "ShowTicket", "CreateTicket"});
  }
  // Reading tickets and comments; AdminUsers to set user fields and to see who is staff.
  if (p.create_own_user || !fields.empty())
    if (!me.empty())
      for (const char* r :
           {"SeeQueue", "ShowTicket", "ShowTicketComments", "AdminUsers", "ShowUserHistory"})
        out += "  { " + self + ", Right => '" + r + "' },\n";
  out += ");\n";
  if (!p.apply_fields.empty()) {
    // initialdata cannot apply an existing field to more queues; this code does.
    out += "@Final = (sub {\n";
    for (const auto& [name, queues] : p.apply_fields) {
      out +=
          "  { my $cf = RT::CustomField->new(RT->SystemUser);\n"
          "    $cf->LoadByName(Name => " +
          q(name) + ", LookupType => 'RT::Queue-RT::Ticket');\n";
      for (const auto& queue : queues)
        out += "    { my $q = RT::Queue->new(RT->SystemUser); $q->Load(" + q(queue) +
               "); $cf->AddToObject($q); }\n";
      out += "  }\n";
    }
    out += "});\n";
  }
  return out + "1;\n";
}

std::vector<std::string> InitReport::lines() const {
  std::vector<std::string> out;
  for (const auto& [f, qs] : plan.new_ticket_fields)
    out.push_back("ticket field '" + f + "': create" + (qs.empty() ? "" : ", apply to queues"));
  for (const auto& [f, qs] : plan.apply_fields)
    out.push_back("ticket field '" + f + "': apply to " + std::to_string(qs.size()) + " queue(s)");
  for (const auto& f : plan.new_user_fields) out.push_back("user field '" + f + "': create");
  if (plan.create_reports_queue) out.push_back("reports queue: create");
  if (plan.create_own_user) out.push_back("deskpulse's RT user: create (then give it a token)");
  for (const auto& q : plan.missing_queues) out.push_back("queue '" + q + "' does not exist in RT");
  if (plan.empty())
    out.push_back("RT already has everything deskpulse needs");
  else if (applied)
    out.push_back("applied with rt-setup-database");
  else {
    out.push_back("as an RT admin on the RT host, save this as deskpulse-initialdata.pl:");
    out.push_back(initialdata);
    out.push_back("and run: " + command);
  }
  return out;
}

Result<InitReport> rt_init(RtApi& api) {
  const RtOptions& o = api.options();
  auto plan = plan_init(api);
  if (!plan) return plan.error();
  InitReport report;
  report.plan = std::move(*plan);
  if (!report.plan.missing_queues.empty())
    return make_error("queue '" + report.plan.missing_queues.front() +
                      "' is not in RT (or not visible to deskpulse's user): fix `queues`");
  if (report.plan.empty()) return report;
  report.initialdata = initialdata(o, report.plan);
  std::string env =
      o.site_config_dir.empty() ? "" : "RT_SITE_CONFIG_DIR=" + o.site_config_dir + " ";
  report.command =
      env + kSetupDatabase + " --action insert --datafile deskpulse-initialdata.pl --skip-create";
  if (o.site_config_dir.empty() || ::access(kSetupDatabase, X_OK) != 0) return report;

  auto file = std::filesystem::temp_directory_path() /
              ("deskpulse-initialdata-" + std::to_string(::getpid()) + ".pl");
  std::ofstream(file) << report.initialdata;
  std::string cmd = "RT_SITE_CONFIG_DIR='" + o.site_config_dir + "' " + kSetupDatabase +
                    " --action insert --datafile '" + file.string() + "' --skip-create 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  if (!p) return make_error("cannot run " + std::string(kSetupDatabase));
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) report.output.append(buf, n);
  int status = ::pclose(p);
  std::filesystem::remove(file);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return make_error("rt-setup-database failed: " + report.output);
  report.applied = true;
  return report;
}

}  // namespace dp::rt
