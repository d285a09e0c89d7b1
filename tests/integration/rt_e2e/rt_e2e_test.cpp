// deskpulse the way an RT admin uses it, against a real RT 5: seed a helpdesk, write a
// deskpulse.yaml, check-config, init (twice), doctor, `run --once --now T`; then check
// through REST2 that the fields hold the figures of tickets whose history the test
// controls, that agents' user fields are set and that one report ticket per team and
// overall exists; then run again and check nothing was written twice.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "../../support/run_command.h"
#include "../rt/rt_server.h"
#include "model/json.h"
#include "store/store.h"

namespace dp::test {
namespace {

const std::string kBin = DESKPULSE_BIN;
constexpr int kTickets = 60;
constexpr const char* kReportsQueue = "KPI Reports";

// Two tickets in Support whose history the test knows to the minute: created at T0 by
// a customer of their own, owned by alice, answered 42 minutes later, resolved after 3
// hours; the second is reopened by the customer and resolved again. Backdated like
// seed.pl does (RT's API stamps "now" and the acting user). Prints the two ids.
constexpr const char* kControlScript = R"PERL(use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT;
use MIME::Entity;
RT::LoadConfig();
RT::Init();
my ($t0) = @ARGV;
my $sys = RT::CurrentUser->new(RT->SystemUser);
my $dbh = $RT::Handle->dbh;
$dbh->do('UPDATE Scrips SET Disabled=1');
sub iso {
  my @t = gmtime(shift);
  return sprintf('%04d-%02d-%02d %02d:%02d:%02d', $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0]);
}
sub stamp {
  my ($txn, $when, $who) = @_;
  $dbh->do('UPDATE Transactions SET Created=?, Creator=? WHERE id=?', undef, iso($when), $who->id, $txn);
}
sub last_txn {
  my ($t, $type) = @_;
  my $x = $t->Transactions;
  $x->Limit(FIELD => 'Type', VALUE => $type);
  $x->OrderBy(FIELD => 'id', ORDER => 'DESC');
  return $x->First->id;
}
sub mime { MIME::Entity->build(Type => 'text/plain', Data => [shift], Charset => 'UTF-8') }
sub reply {
  my ($t, $text, $when, $who, $minutes) = @_;
  my ($id, $msg) = $t->Correspond(MIMEObj => mime($text), TimeTaken => $minutes // 0);
  die "correspond: $msg" unless $id;
  stamp($id, $when, $who);
}
sub status {
  my ($t, $status, $when, $who) = @_;
  my ($ok, $msg) = $t->SetStatus($status);
  die "status $status: $msg" unless $ok;
  stamp(last_txn($t, 'Status'), $when, $who);
}
my $alice = RT::User->new($sys);
$alice->Load('alice');
die 'no alice' unless $alice->id;
my $queue = RT::Queue->new($sys);
$queue->Load('Support');
die 'no Support queue' unless $queue->id;
my @ids;
for my $spec ([$t0, 'control1@example.org', 0], [$t0 + 6 * 3600, 'control2@example.org', 1]) {
  my ($at, $email, $reopen) = @$spec;
  my $cust = RT::User->new($sys);
  my ($uok, $umsg) = $cust->Create(Name => $email, EmailAddress => $email, Privileged => 0);
  die "user: $umsg" unless $uok;
  my $t = RT::Ticket->new($sys);
  my ($id, $txn, $msg) = $t->Create(Queue => $queue->id, Subject => "Control ticket for $email",
    Requestor => [$email], MIMEObj => mime('My invoice is wrong'), Created => iso($at));
  die "ticket: $msg" unless $id;
  stamp($txn, $at, $cust);
  my ($ok, $m) = $t->SetOwner($alice->id);
  die "owner: $m" unless $ok;
  stamp(last_txn($t, 'Set'), $at + 60, $alice);
  reply($t, 'Here is the corrected invoice.', $at + 42 * 60, $alice, 10);
  status($t, 'open', $at + 42 * 60, $alice);
  status($t, 'resolved', $at + 3 * 3600, $alice);
  if ($reopen) {
    reply($t, 'Still wrong.', $at + 4 * 3600, $cust);
    status($t, 'open', $at + 4 * 3600, $cust);
    reply($t, 'Fixed for good.', $at + 5 * 3600, $alice, 5);
    status($t, 'resolved', $at + 5 * 3600 + 600, $alice);
  }
  push @ids, $id;
}
$dbh->do('UPDATE Scrips SET Disabled=0');
print join(' ', @ids), "\n";
)PERL";

std::string iso_utc(std::chrono::sys_seconds t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Timings on stdout: the machine is shared, so slow runs can be told apart.
void phase(const char* what) {
  static auto last = std::chrono::steady_clock::now();
  auto now = std::chrono::steady_clock::now();
  std::cout << "[rt-e2e] " << what << " after " << std::chrono::duration<double>(now - last).count()
            << " s\n"
            << std::flush;
  last = now;
}

// The numbers of the cycle line: "cycle: N records synced (C new or changed), ...,
// W writes (...), R reports posted, ...".
struct Cycle {
  long synced = -1, writes = -1, failed = -1, reports = -1;
};

std::optional<Cycle> cycle_line(const std::string& out) {
  static const std::regex re(
      R"(cycle: (\d+) records synced \(\d+ new or changed\), \d+ rejected, (\d+) writes \(\d+ unchanged, (\d+) failed\), (\d+) reports posted)");
  std::smatch m;
  if (!std::regex_search(out, m, re)) return std::nullopt;
  return Cycle{std::stol(m[1]), std::stol(m[2]), std::stol(m[3]), std::stol(m[4])};
}

// REST2 as RT's root (a SuperUser sees every field and the page totals).
class Rest {
 public:
  Rest(std::string url, std::string token) : url_(std::move(url)), token_(std::move(token)) {}

  // GET REST/2.0/<path> with the query parameters url-encoded by curl.
  // The body of GET REST/2.0/<path>, for messages.
  std::string raw(const std::string& path) const {
    return run_command("curl -sS --max-time 30 -H 'Authorization: token " + token_ + "' " +
                           shell_quote(url_ + "/REST/2.0/" + path),
                       60)
        .out;
  }

  std::optional<json::Document> get(const std::string& path,
                                    const std::vector<std::string>& query = {}) const {
    std::string cmd = "curl -sS -G --max-time 30 -H 'Authorization: token " + token_ + "'";
    for (const auto& q : query) cmd += " --data-urlencode " + shell_quote(q);
    cmd += " " + shell_quote(url_ + "/REST/2.0/" + path);
    auto r = run_command(cmd, 60);
    if (r.exit_code != 0) {
      ADD_FAILURE() << cmd << ": " << r.out;
      return std::nullopt;
    }
    auto doc = json::parse(r.out);
    if (!doc) {
      ADD_FAILURE() << path << ": not JSON: " << r.out.substr(0, 500);
      return std::nullopt;
    }
    return std::move(*doc);
  }

  // A record's custom field values by field name ("" when unset).
  std::map<std::string, std::string> fields(const std::string& path) const {
    std::map<std::string, std::string> out;
    auto doc = get(path);
    if (!doc || !doc->IsObject()) return out;
    const auto* cfs = json::member(*doc, "CustomFields");
    if (!cfs || !cfs->IsArray()) return out;
    for (const auto& cf : cfs->GetArray()) {
      auto name = json::get_string(cf, "name");
      const auto* values = json::member(cf, "values");
      if (!name) continue;
      // RT accepts two fields of one name; a write then lands in one of them.
      if (out.count(*name)) ADD_FAILURE() << path << ": two custom fields named " << *name;
      std::string v;
      if (values && values->IsArray() && !values->Empty() && (*values)[0].IsString())
        v = (*values)[0].GetString();
      out[*name] = v;
    }
    return out;
  }

  // How many transactions ticket N has.
  int64_t history_size(int64_t ticket) const {
    auto doc = get("ticket/" + std::to_string(ticket) + "/history", {"per_page=1"});
    if (!doc || !doc->IsObject()) return -1;
    return json::get_int(*doc, "total").value_or(-1);
  }

  // The ids of the tickets in a queue.
  std::vector<int64_t> ids_in(const std::string& queue) const {
    std::vector<int64_t> out;
    auto doc = get("tickets", {"query=Queue = '" + queue + "'", "per_page=100"});
    if (!doc || !doc->IsObject()) return out;
    const auto* items = json::member(*doc, "items");
    if (!items || !items->IsArray()) return out;
    for (const auto& it : items->GetArray())
      out.push_back(std::stoll(json::get_string(it, "id").value_or("0")));
    return out;
  }

  // The MIME parts of a ticket's attachments that hold content: type, file name, bytes.
  struct Part {
    std::string type, name;
    long bytes = -1;
  };
  std::vector<Part> parts(int64_t ticket) const {
    std::vector<Part> out;
    auto doc = get("ticket/" + std::to_string(ticket) + "/attachments",
                   {"fields=ContentType,Filename,Headers", "per_page=100"});
    if (!doc || !doc->IsObject()) return out;
    const auto* items = json::member(*doc, "items");
    if (!items || !items->IsArray()) return out;
    static const std::regex length(R"(Content-Length: (\d+))");
    for (const auto& it : items->GetArray()) {
      Part p{json::get_string(it, "ContentType").value_or(""),
             json::get_string(it, "Filename").value_or("")};
      const std::string headers = json::get_string(it, "Headers").value_or("");
      std::smatch m;
      if (std::regex_search(headers, m, length)) p.bytes = std::stol(m[1]);
      if (p.type.rfind("multipart/", 0) != 0) out.push_back(p);
    }
    return out;
  }

  // Subjects of the tickets in a queue.
  std::vector<std::string> subjects_in(const std::string& queue) const {
    std::vector<std::string> out;
    auto doc = get("tickets", {"query=Queue = '" + queue + "'", "fields=Subject", "per_page=100"});
    if (!doc || !doc->IsObject()) return out;
    const auto* items = json::member(*doc, "items");
    if (!items || !items->IsArray()) return out;
    for (const auto& it : items->GetArray())
      out.push_back(json::get_string(it, "Subject").value_or(""));
    return out;
  }

 private:
  static std::string shell_quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return q + "'";
  }
  std::string url_, token_;
};

std::string config_yaml(const RtServer& rt) {
  std::ostringstream y;
  y << "state: state.db\n"
       "connectors:\n"
       "  rt:\n"
       "    type: rt\n"
       "    url: "
    << rt.url()
    << "\n"
       "    token: ${RT_TOKEN}\n"
       "    own_user: deskpulse\n"
       "    queues: [Support, Billing]\n"
       "    csat_field: CSAT\n"
       "    topic_field: Topic\n"
       "    site_config_dir: "
    << rt.site_config_dir()
    << "\n"
       "    interval: 1m\n"
       "calendars:\n"
       "  always: {zone: UTC}\n"
       "teams:\n"
       "  tier1: {calendar: always}\n"
       "  tier2: {calendar: always}\n"
       "agents:\n"
       "  alice: {team: tier1}\n"
       "  bob: {team: tier1}\n"
       "  carol: {team: tier2}\n"
       "  dave: {team: tier2}\n"
       "writeback:\n"
       "  sink: rt\n"
       "  max_writes_per_second: 50\n"
       "  ticket_fields:\n"
       "    frt_business: KPI First Response\n"
       "    resolution_business: KPI Resolution\n"
       "    reopen_count: KPI Reopens\n"
       "    fcr: KPI First Contact Resolution\n"
       "  agent_fields:\n"
       "    csat: KPI CSAT (30d)\n"
       "    frt_median: KPI First Response (30d)\n"
       "report:\n"
       "  sink: rt\n"
       "  queue: "
    << kReportsQueue << "\n";
  return y.str();
}

TEST(RtEndToEnd, AdminSetsUpAndRunsTwiceWithoutWritingTwice) {
  phase("test start");
  auto started = RtServer::start();
  ASSERT_TRUE(started.ok()) << started.error().str();
  auto& rt = **started;
  phase("RT up");

  auto seeded =
      rt.perl(DP_SOURCE_DIR "/tests/integration/rt/seed.pl", {std::to_string(kTickets), "7"});
  ASSERT_TRUE(seeded.ok()) << seeded.error().str();
  // The run's "now": a fixed whole minute after every seeded transaction.
  const auto now = std::chrono::floor<std::chrono::minutes>(std::chrono::system_clock::now()) +
                   std::chrono::minutes(1);
  const std::string now_arg = iso_utc(std::chrono::time_point_cast<std::chrono::seconds>(now));
  const auto t0 = std::chrono::time_point_cast<std::chrono::seconds>(now - std::chrono::days(9));

  TempDir dir;
  const std::string script = (dir.path() / "control.pl").string();
  std::ofstream(script) << kControlScript;
  auto control = rt.perl(script, {std::to_string(t0.time_since_epoch().count())});
  ASSERT_TRUE(control.ok()) << control.error().str();
  int64_t plain = 0, reopened = 0;
  std::istringstream(*control) >> plain >> reopened;
  ASSERT_GT(plain, 0) << *control;
  ASSERT_GT(reopened, 0) << *control;
  phase("seeded");

  auto root_token = rt.create_token(RtServer::root_user());
  ASSERT_TRUE(root_token.ok()) << root_token.error().str();
  const Rest rest(rt.url(), *root_token);

  const std::string cfg = (dir.path() / "deskpulse.yaml").string();
  const std::string state = (dir.path() / "state.db").string();
  // What deskpulse stored, read between its runs.
  auto events = [&]() -> long {
    auto store = Store::open(state);
    if (!store) return -1;
    auto data = (*store)->load_all();
    return data ? long(data->events.size()) : -1;
  };
  auto ledger = [&](const std::string& agent) -> std::string {
    auto store = Store::open(state);
    if (!store) return store.error().str();
    auto v = (*store)->ledger_value(TargetKind::user, agent, "KPI First Response (30d)");
    if (!v) return v.error().str();
    return v->value_or("(none)");
  };
  std::ofstream(cfg) << config_yaml(rt);
  const std::string as_root = "env RT_TOKEN=" + *root_token + " " + kBin;

  auto check = run_command(as_root + " check-config " + cfg, 60);
  ASSERT_EQ(check.exit_code, 0) << check.out;

  // init as the RT admin (root's token): creates the fields, the reports queue, the
  // deskpulse user and its rights; the second run has nothing to do.
  auto init = run_command(as_root + " init --config " + cfg, 180);
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_NE(init.out.find("applied with rt-setup-database"), std::string::npos) << init.out;
  auto init2 = run_command(as_root + " init --config " + cfg, 180);
  ASSERT_EQ(init2.exit_code, 0) << init2.out;
  EXPECT_NE(init2.out.find("RT already has everything deskpulse needs"), std::string::npos)
      << init2.out;
  EXPECT_EQ(init2.out.find("create"), std::string::npos) << init2.out;
  phase("init twice");

  // From here on deskpulse's own user, with a token the admin made for it.
  auto token = rt.create_token("deskpulse");
  ASSERT_TRUE(token.ok()) << token.error().str();
  const std::string as_deskpulse = "env RT_TOKEN=" + *token + " " + kBin;
  auto doctor = run_command(as_deskpulse + " doctor --config " + cfg, 120);
  EXPECT_EQ(doctor.exit_code, 0) << doctor.out;
  EXPECT_NE(doctor.out.find("all good"), std::string::npos) << doctor.out;
  phase("doctor");

  const std::string run_once = as_deskpulse + " run --once --now " + now_arg + " --config " + cfg;
  auto first = run_command(run_once, 600);
  std::cout << "[rt-e2e] first run: " << first.out.substr(0, 2000) << '\n';
  ASSERT_EQ(first.exit_code, 0) << first.out;
  auto c1 = cycle_line(first.out);
  ASSERT_TRUE(c1) << first.out;
  EXPECT_GT(c1->synced, kTickets);
  EXPECT_GT(c1->writes, 4 * kTickets / 2);  // four figures on most tickets, plus agents
  EXPECT_EQ(c1->failed, 0);
  EXPECT_EQ(c1->reports, 3);  // tier1, tier2 and overall
  phase("first run");

  // The tickets whose history the test wrote: 42 minutes to the first reply (24x7
  // calendar), resolved 3 hours after creation, one reply, never reopened.
  auto f = rest.fields("ticket/" + std::to_string(plain));
  EXPECT_EQ(f["KPI First Response"], "42m");
  EXPECT_EQ(f["KPI Resolution"], "3h 00m");
  EXPECT_EQ(f["KPI Reopens"], "0");
  EXPECT_EQ(f["KPI First Contact Resolution"], "yes");
  auto g = rest.fields("ticket/" + std::to_string(reopened));
  EXPECT_EQ(g["KPI First Response"], "42m");
  EXPECT_EQ(g["KPI Reopens"], "1");
  EXPECT_EQ(g["KPI First Contact Resolution"], "no");
  EXPECT_FALSE(g["KPI Resolution"].empty());

  // Agents' rolling scores on their RT user records, "<value> (n=<count>)".
  const std::regex score(R"(.+ \(n=\d+\))");
  for (const char* agent : {"alice", "bob", "carol", "dave"}) {
    auto u = rest.fields(std::string("user/") + agent);
    EXPECT_TRUE(std::regex_match(u["KPI First Response (30d)"], score))
        << agent << ": '" << u["KPI First Response (30d)"] << "'\n"
        << rest.raw(std::string("user/") + agent) << "\nledger: " << ledger(agent);
  }

  // One report ticket per team and overall, all for the same period.
  auto reports = rest.subjects_in(kReportsQueue);
  EXPECT_EQ(reports.size(), 3u);
  std::set<std::string> distinct(reports.begin(), reports.end());
  EXPECT_EQ(distinct.size(), reports.size());
  std::set<std::string> periods;
  for (const auto& s : reports) {
    periods.insert(s.substr(s.rfind(' ') + 1));
    std::cout << "[rt-e2e] report: " << s << '\n';
  }
  EXPECT_EQ(periods.size(), 1u);
  auto has = [&](const std::string& team) {
    for (const auto& s : reports)
      if (s.find(team) != std::string::npos) return true;
    return false;
  };
  EXPECT_TRUE(has("tier1"));
  EXPECT_TRUE(has("tier2"));
  // RT shows each: HTML parts within its inline limit ($MaxInlineBody, 25 KiB: a longer
  // one reads "too large"), the message first, then the charts and any further parts
  // (connectors/rt/report_body.h; tests/e2e/report/rt_browser_test.cpp reads them).
  const std::vector<int64_t> report_ids = rest.ids_in(kReportsQueue);
  EXPECT_EQ(report_ids.size(), 3u);
  for (int64_t id : report_ids) {
    const auto parts = rest.parts(id);
    ASSERT_FALSE(parts.empty()) << "report ticket " << id;
    EXPECT_EQ(parts[0].type, "text/html") << "report ticket " << id;
    EXPECT_EQ(parts[0].name, "") << "report ticket " << id;
    int charts = 0;
    for (const auto& p : parts) {
      if (p.type == "text/html") {
        EXPECT_GT(p.bytes, 0) << "report ticket " << id << " " << p.name;
        EXPECT_LE(p.bytes, 25 * 1024) << "report ticket " << id << " " << p.name;
      }
      if (p.type == "image/png") ++charts;
    }
    EXPECT_GE(charts, 1) << "report ticket " << id;
    std::cout << "[rt-e2e] report ticket " << id << ": " << parts.size() << " parts, first "
              << parts[0].bytes << " bytes, " << charts << " charts\n";
  }

  // Restart: a new process on the same state and the same "now" writes nothing and
  // posts nothing; deskpulse's own field transactions are not ticket activity.
  const int64_t plain_history = rest.history_size(plain);
  const int64_t reopened_history = rest.history_size(reopened);
  ASSERT_GT(plain_history, 0);
  const long events_before = events();
  EXPECT_GT(events_before, 0);
  auto second = run_command(run_once, 600);
  std::cout << "[rt-e2e] second run: " << second.out.substr(0, 2000) << '\n';
  ASSERT_EQ(second.exit_code, 0) << second.out;
  auto c2 = cycle_line(second.out);
  ASSERT_TRUE(c2) << second.out;
  EXPECT_EQ(c2->writes, 0) << second.out;
  EXPECT_EQ(c2->reports, 0) << second.out;
  EXPECT_EQ(c2->failed, 0) << second.out;
  // deskpulse's own CustomField transactions were read back but are not ticket events.
  EXPECT_EQ(events(), events_before);
  EXPECT_EQ(rest.history_size(plain), plain_history);
  EXPECT_EQ(rest.history_size(reopened), reopened_history);
  EXPECT_EQ(rest.subjects_in(kReportsQueue).size(), 3u);
  EXPECT_EQ(rest.fields("ticket/" + std::to_string(plain))["KPI First Response"], "42m");
  phase("second run");
}

}  // namespace
}  // namespace dp::test
