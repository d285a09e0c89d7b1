#include "rt/init.h"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "rt/encode.h"
#include "rt/fields.h"
#include "rt/rest_json.h"

namespace dp::rt {
namespace {

const char* kSetupDatabase = "/usr/sbin/rt-setup-database-5";

http::Request custom_fields_of(const RtOptions& o, const char* lookup_type) {
  http::Request r;
  r.method = "POST";
  r.safe_to_repeat = true;  // a search
  r.url = http::with_query(rest_url(o, "customfields"), {{"fields", "Name"}});
  r.headers = {{"Content-Type", "application/json"}};
  // An empty query finds nothing on RT 5.0.3: the lookup type must be given.
  r.body = std::string(R"([{"field":"LookupType","value":")") + lookup_type + "\"}]";
  return r;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    std::string line = text.substr(at, nl == std::string::npos ? std::string::npos : nl - at);
    // rt-setup-database's own chatter stays out; deskpulse's lines and errors stay in.
    if (line.starts_with("deskpulse init:") || line.find("rror") != std::string::npos)
      out.push_back(line);
    if (nl == std::string::npos) break;
    at = nl + 1;
  }
  return out;
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

// 'a', 'b' (a Perl list's items).
std::string items(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + q(s);
  return out;
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
  auto seen = visibility(api);
  if (!seen) return seen.error();
  plan.create_reports_queue =
      std::none_of(seen->queues.begin(), seen->queues.end(),
                   [&](const UserRef& q) { return q.name == o.reports_queue; });
  plan.missing_queues = seen->queues_not_visible;

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
  for (const auto& [queue, on_queue] : seen->on_queue)
    for (const auto& f : ticket_fields) {
      if (on_queue.count(f)) continue;
      auto& where = have_ticket.count(f) ? plan.apply_fields[f] : plan.new_ticket_fields[f];
      where.push_back(queue);
    }
  if (auto me = own_user(o); !me.empty()) {
    auto u = api.send(user_request(o, me));
    if (!u) return u.error();
    plan.create_own_user = u->status == 404;
  }
  return plan;
}

std::string initialdata(const RtOptions& o) {
  const std::string me = own_user(o);
  std::string out =
      "# deskpulse init: the custom fields deskpulse writes, its reports queue and the rights\n"
      "# of deskpulse's RT user (" +
      me +
      "). Safe to apply any number of times: each field,\n"
      "# queue, user and right is looked up first and only what is missing is created\n"
      "# (fields by name AND lookup type, so a user field and a ticket field may share a name).\n"
      "our @Final = (sub {\n"
      "  my $sys = RT->SystemUser;\n"
      "  my $say = sub { print \"deskpulse init: @_\\n\" };\n"
      "  my $grant = sub {\n"
      "    my ($who, $name, $object, @rights) = @_;\n"
      "    for my $right (@rights) {\n"
      "      next if $who->PrincipalObj->HasRight(Right => $right, Object => $object);\n"
      "      my ($ok, $msg) = $who->PrincipalObj->GrantRight(Right => $right, Object => $object);\n"
      "      $say->($ok ? \"granted $right on $name\" : \"cannot grant $right on $name: $msg\");\n"
      "    }\n"
      "  };\n"
      "  my $queue = sub {\n"
      "    my $q = RT::Queue->new($sys);\n"
      "    $q->Load($_[0]);\n"
      "    $say->(\"queue '$_[0]' does not exist: fix `queues` in deskpulse's config\") unless "
      "$q->id;\n"
      "    return $q->id ? $q : ();\n"
      "  };\n"
      "  my $field = sub {\n"
      "    my ($name, $lookup, $description, @queues) = @_;\n"
      "    my $cf = RT::CustomField->new($sys);\n"
      "    $cf->LoadByName(Name => $name, LookupType => $lookup);\n"
      "    unless ($cf->id) {\n"
      "      my ($ok, $msg) = $cf->Create(Name => $name, Type => 'FreeformSingle', LookupType => "
      "$lookup,\n"
      "        Description => $description);\n"
      "      die \"deskpulse init: cannot create field '$name': $msg\\n\" unless $ok;\n"
      "      $say->(\"created field '$name' ($lookup)\");\n"
      "    }\n"
      "    for my $object (@queues) {\n"
      "      next if $cf->IsAdded($object->id || 0);\n"
      "      my ($ok, $msg) = $cf->AddToObject($object);\n"
      "      $say->($ok ? \"applied field '$name'\" : \"cannot apply field '$name': $msg\");\n"
      "    }\n"
      "    return $cf;\n"
      "  };\n"
      "  my $staff = RT::Group->new($sys);\n"
      "  $staff->LoadSystemInternalGroup('Privileged');\n";
  out += "  my $me = RT::User->new($sys);\n  $me->Load(" + q(me) + ");\n";
  out +=
      "  unless ($me->id) {\n"
      "    my ($ok, $msg) = $me->Create(Name => " +
      q(me) +
      ", Privileged => 1,\n"
      "      Comments => 'deskpulse sidecar: give it an auth token');\n"
      "    die \"deskpulse init: cannot create user: $msg\\n\" unless $ok;\n"
      "    $say->(\"created user " +
      me +
      " (now give it an auth token)\");\n"
      "  }\n";
  // The queues deskpulse syncs: per-queue rights, or global ones when `queues` is empty.
  out += "  my @queues = map { $queue->($_) } (" + items(o.queues) + ");\n";
  out += o.queues.empty() ? "  my @scopes = ($RT::System);\n" : "  my @scopes = @queues;\n";
  out +=
      "  for my $q (@scopes) {\n"
      "    $grant->($me, ref $q eq 'RT::System' ? 'all queues' : 'queue ' . $q->Name, $q,\n"
      "      qw(SeeQueue ShowTicket ShowTicketComments));\n"
      "  }\n";
  // Where fields are applied: the configured queues, or every queue but the reports queue.
  if (o.queues.empty())
    out +=
        "  my $all = RT::Queues->new($sys);\n  $all->UnLimit;\n"
        "  my @targets = grep { $_->Name ne " +
        q(o.reports_queue) + " } @{ $all->ItemsArrayRef };\n";
  else
    out += "  my @targets = @queues;\n";
  auto description = [&](const std::string& f) {
    auto it = o.field_descriptions.find(f);
    return q("deskpulse: " +
             (it == o.field_descriptions.end() ? std::string("KPI figure") : it->second) +
             " (written by deskpulse)");
  };
  for (const auto& f : unique(o.ticket_fields))
    out += "  for my $cf ($field->(" + q(f) + ", 'RT::Queue-RT::Ticket', " + description(f) +
           ", @targets)) {\n"
           "    $grant->($staff, \"field '\" . $cf->Name . \"'\", $cf, 'SeeCustomField');\n"
           "    $grant->($me, \"field '\" . $cf->Name . \"'\", $cf, qw(SeeCustomField "
           "ModifyCustomField));\n"
           "  }\n";
  for (const auto& f : unique(o.user_fields))
    out += "  for my $cf ($field->(" + q(f) + ", 'RT::User', " + description(f) +
           ", RT::User->new($sys))) {\n"
           "    $grant->($staff, \"user field '\" . $cf->Name . \"'\", $cf, 'SeeCustomField');\n"
           "    $grant->($me, \"user field '\" . $cf->Name . \"'\", $cf, qw(SeeCustomField "
           "ModifyCustomField));\n"
           "  }\n";
  // The site's own fields deskpulse reads (surveys, topic, channel): it may see them.
  for (const auto& [key, f] : fields_read(o))
    out +=
        "  { my $cf = RT::CustomField->new($sys);\n"
        "    $cf->LoadByName(Name => " +
        q(f) +
        ", LookupType => 'RT::Queue-RT::Ticket');\n"
        "    if ($cf->id) { $grant->($me, \"field '\" . $cf->Name . \"'\", $cf, 'SeeCustomField') "
        "}\n"
        "    else { $say->(\"field '\" . " +
        q(f) + " . \"' does not exist: fix deskpulse's config\") } }\n";
  out += "  my ($reports) = RT::Queue->new($sys);\n  $reports->Load(" + q(o.reports_queue) +
         ");\n"
         "  unless ($reports->id) {\n"
         "    my ($ok, $msg) = $reports->Create(Name => " +
         q(o.reports_queue) +
         ",\n      Description => 'deskpulse KPI reports, one ticket per team and period');\n"
         "    die \"deskpulse init: cannot create the reports queue: $msg\\n\" unless $ok;\n"
         "    $say->(\"created queue '" +
         o.reports_queue +
         "'\");\n"
         "  }\n"
         "  $grant->($staff, 'the reports queue', $reports, qw(SeeQueue ShowTicket));\n"
         "  $grant->($me, 'the reports queue', $reports, qw(SeeQueue ShowTicket CreateTicket));\n"
         "});\n1;\n";
  return out;
}

std::vector<std::string> InitReport::lines() const {
  std::vector<std::string> out;
  if (!plan_error.empty())
    out.push_back("cannot read everything RT has with these credentials (" + plan_error +
                  "); the file below creates only what is missing");
  for (const auto& [f, qs] : plan.new_ticket_fields)
    out.push_back("ticket field '" + f + "': missing or not visible to deskpulse's user");
  for (const auto& [f, qs] : plan.apply_fields)
    out.push_back("ticket field '" + f + "': not applied to (or not visible on) " +
                  std::to_string(qs.size()) + " queue(s)");
  for (const auto& f : plan.new_user_fields)
    out.push_back("user field '" + f + "': missing or not visible to deskpulse's user");
  if (plan.create_reports_queue) out.push_back("reports queue: missing or not visible");
  if (plan.create_own_user) out.push_back("deskpulse's RT user: missing (give it a token after)");
  for (const auto& q : plan.missing_queues)
    out.push_back("queue '" + q + "': missing, or deskpulse's user lacks SeeQueue on it");
  if (!needed()) {
    out.push_back("RT already has everything deskpulse needs");
  } else if (applied) {
    for (const auto& line : split_lines(output)) out.push_back(line);
    out.push_back("applied with rt-setup-database");
  } else {
    out.push_back(
        "an RT admin applies this on the RT host (it creates only what is missing and may be "
        "applied any number of times); save it as deskpulse-initialdata.pl:");
    out.push_back(initialdata);
    out.push_back("and run as root: " + command);
  }
  return out;
}

Result<InitReport> rt_init(RtApi& api, bool apply) {
  const RtOptions& o = api.options();
  InitReport report;
  // What deskpulse's credentials can see: with its own token a field it may not see
  // looks missing. The initialdata looks everything up itself, so nothing is made twice.
  if (auto plan = plan_init(api))
    report.plan = std::move(*plan);
  else
    report.plan_error = plan.error().str();
  if (!report.needed()) return report;
  report.initialdata = initialdata(o);
  std::string env =
      o.site_config_dir.empty() ? "" : "RT_SITE_CONFIG_DIR=" + o.site_config_dir + " ";
  report.command =
      env + kSetupDatabase + " --action insert --datafile deskpulse-initialdata.pl --skip-create";
  if (!apply || o.site_config_dir.empty() || ::access(kSetupDatabase, X_OK) != 0) return report;

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
