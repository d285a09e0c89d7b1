// deskpulse the way an RT admin uses it, against a real RT 5: seed a helpdesk, write a
// deskpulse.yaml, check-config, init (twice), doctor, `run --once --now T`; then check
// through REST2 that the fields hold the figures of tickets whose history the test
// controls, that agents' user fields are set and that one report ticket per team and
// overall exists; then run again and check nothing was written twice.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../../support/pinned_now.h"
#include "../../support/run_command.h"
#include "../rt/deskpulse_yaml.h"
#include "../rt/rt_server.h"
#include "../rt/slow_proxy.h"
#include "model/json.h"
#include "store/store.h"
#include "support.h"

namespace dp::test {
namespace {

using namespace rt_e2e;

// Issue 17, as an RT admin lives it: per-queue rights (no global rights for staff),
// deskpulse's own token, a field it may not see, a reopen, a restart.
TEST(RtEndToEnd, AdminSetsUpWithPerQueueRightsAndDeskpulseWritesOnceWithItsOwnToken) {
  phase("test start");
  auto started = RtServer::start();
  ASSERT_TRUE(started.ok()) << started.error().str();
  auto& rt = **started;
  phase("RT up");

  auto seeded = rt.perl(DP_SOURCE_DIR "/tests/integration/rt/seed.pl",
                        {std::to_string(kTickets), "7", "per-queue"});
  ASSERT_TRUE(seeded.ok()) << seeded.error().str();
  auto seed = json::parse(*seeded);
  ASSERT_TRUE(seed.ok()) << *seeded;
  const long surveys = long(json::get_int(*seed, "surveys").value_or(-1));
  ASSERT_GT(surveys, 0);
  // The run's "now": a fixed whole minute after every seeded transaction.
  const auto now = pinned_now();
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
  const std::string admin_script = (dir.path() / "admin.pl").string();
  std::ofstream(admin_script) << kAdminScript;
  auto admin = [&](const std::vector<std::string>& args) {
    auto r = rt.perl(admin_script, args);
    EXPECT_TRUE(r.ok()) << r.error().str();
    return r ? *r : std::string();
  };
  phase("seeded");

  auto root_token = rt.create_token(RtServer::root_user());
  ASSERT_TRUE(root_token.ok()) << root_token.error().str();
  const Rest rest(rt.url(), *root_token);
  auto token = rt.create_token("deskpulse");  // seed.pl made the user, with no rights
  ASSERT_TRUE(token.ok()) << token.error().str();

  const std::string cfg = (dir.path() / "deskpulse.yaml").string();
  const std::string state = (dir.path() / "state.db").string();
  auto stored_surveys = [&]() -> long {
    auto store = Store::open(state);
    if (!store) return -1;
    auto data = (*store)->load_all();
    return data ? long(data->surveys.size()) : -1;
  };
  auto events = [&]() -> long {
    auto store = Store::open(state);
    if (!store) return -1;
    auto data = (*store)->load_all();
    return data ? long(data->events.size()) : -1;
  };
  std::ofstream(cfg) << deskpulse_yaml(rt);
  const std::string as_root = "env RT_TOKEN=" + *root_token + " " + kBin;
  const std::string as_deskpulse = "env RT_TOKEN=" + *token + " " + kBin;

  auto check = run_command(as_deskpulse + " check-config " + cfg, 60);
  ASSERT_EQ(check.exit_code, 0) << check.out;

  // deskpulse's own token, no rights yet: init --print says exactly what an admin runs
  // and exits 0, creating nothing.
  const std::string fields_before = admin({"count"});
  auto printed = run_command(as_deskpulse + " init --print --config " + cfg, 180);
  EXPECT_EQ(printed.exit_code, 0) << printed.out;
  EXPECT_NE(printed.out.find("our @Final"), std::string::npos) << printed.out;
  EXPECT_NE(printed.out.find("rt-setup-database-5 --action insert"), std::string::npos);
  EXPECT_NE(printed.out.find("LookupType => $lookup"), std::string::npos);
  EXPECT_EQ(admin({"count"}), fields_before);

  // The RT admin applies it (init with an admin's token on the RT host); then deskpulse's
  // own token finds everything, twice, and no field is made twice.
  auto init = run_command(as_root + " init --config " + cfg, 180);
  ASSERT_EQ(init.exit_code, 0) << init.out;
  EXPECT_NE(init.out.find("applied with rt-setup-database"), std::string::npos) << init.out;
  const std::string fields_after = admin({"count"});
  EXPECT_NE(fields_after, fields_before);
  for (int i = 0; i < 2; ++i) {
    auto again = run_command(as_deskpulse + " init --config " + cfg, 180);
    EXPECT_EQ(again.exit_code, 0) << again.out;
    EXPECT_NE(again.out.find("RT already has everything deskpulse needs"), std::string::npos)
        << again.out;
    EXPECT_EQ(admin({"count"}), fields_after) << again.out;
  }
  phase("init: print, admin, twice with the token");

  // A right goes missing: deskpulse may not see CSAT. doctor says so and names the
  // right; each sync warns; no survey is read.
  EXPECT_EQ(admin({"revoke", "deskpulse", "CSAT", "SeeCustomField"}), "ok\n");
  auto sick = run_command(as_deskpulse + " doctor --config " + cfg, 120);
  EXPECT_EQ(sick.exit_code, 1) << sick.out;
  EXPECT_NE(sick.out.find("FAIL  rt queue Support: fields read"), std::string::npos) << sick.out;
  EXPECT_NE(sick.out.find("SeeCustomField on 'CSAT'"), std::string::npos) << sick.out;
  auto synced = run_command(as_deskpulse + " sync --config " + cfg, 600);
  EXPECT_EQ(synced.exit_code, 0) << synced.out;
  EXPECT_NE(synced.out.find("warning: rt: field 'CSAT' (csat_field) is not visible"),
            std::string::npos)
      << synced.out;
  EXPECT_EQ(stored_surveys(), 0);
  EXPECT_EQ(admin({"grant", "deskpulse", "CSAT", "SeeCustomField"}), "ok\n");
  auto healthy = run_command(as_deskpulse + " doctor --config " + cfg, 120);
  EXPECT_EQ(healthy.exit_code, 0) << healthy.out;
  EXPECT_NE(healthy.out.find("all good"), std::string::npos) << healthy.out;
  EXPECT_NE(healthy.out.find("ok    rt user field 'KPI CSAT (30d)'"), std::string::npos)
      << healthy.out;
  // The history already synced is read again: the surveys come back, nothing doubles.
  const long events_synced = events();
  auto resync = run_command(as_deskpulse + " sync --resync --config " + cfg, 600);
  EXPECT_EQ(resync.exit_code, 0) << resync.out;
  EXPECT_EQ(resync.out.find("warning"), std::string::npos) << resync.out;
  EXPECT_EQ(stored_surveys(), surveys);
  EXPECT_EQ(events(), events_synced);
  phase("doctor FAIL, sync warns, grant, doctor OK, resync");

  // Write-back alone: one request per ticket or user written (a read-back only where
  // RT's answer does not confirm a value).
  auto wb = run_command(as_deskpulse + " writeback --config " + cfg, 600);
  std::cout << "[rt-e2e] write-back: " << wb.out.substr(0, 2000) << '\n';
  ASSERT_EQ(wb.exit_code, 0) << wb.out;
  auto w = cycle_line(wb.out);
  ASSERT_TRUE(w) << wb.out;
  EXPECT_EQ(w->failed, 0);
  EXPECT_GT(w->targets, kTickets / 2);
  EXPECT_GT(w->writes, 3 * w->targets);
  EXPECT_LE(double(w->requests), 1.1 * double(w->targets)) << wb.out;
  std::cout << "[rt-e2e] requests per ticket or user written: "
            << double(w->requests) / double(w->targets) << '\n';
  ::testing::Test::RecordProperty("writeback_requests_per_target",
                                  std::to_string(double(w->requests) / double(w->targets)));
  phase("write-back");

  const std::string run_once = as_deskpulse + " run --once --now " + now_arg + " --config " + cfg;
  auto first = run_command(run_once, 600);
  std::cout << "[rt-e2e] first run: " << first.out.substr(0, 2000) << '\n';
  ASSERT_EQ(first.exit_code, 0) << first.out;
  auto c1 = cycle_line(first.out);
  ASSERT_TRUE(c1) << first.out;
  EXPECT_EQ(c1->failed, 0);
  EXPECT_EQ(c1->reports, 3);  // tier1, tier2 and overall
  phase("first run");

  // The tickets whose history the test wrote: 42 minutes to the first reply (24x7
  // calendar), resolved 3 hours after creation, one reply, never reopened.
  auto f = rest.fields("ticket/" + std::to_string(plain));
  EXPECT_EQ(f["KPI First Response (business hours)"], "42m");
  EXPECT_EQ(f["KPI First Response (business minutes)"], "000042");
  EXPECT_EQ(f["KPI Resolution (business hours)"], "3h 00m");
  EXPECT_EQ(f["KPI Reopens"], "0");
  EXPECT_EQ(f["KPI First Contact Resolution"], "yes");
  auto g = rest.fields("ticket/" + std::to_string(reopened));
  EXPECT_EQ(g["KPI First Response (business hours)"], "42m");
  EXPECT_EQ(g["KPI Reopens"], "1");
  EXPECT_EQ(g["KPI First Contact Resolution"], "no");
  EXPECT_FALSE(g["KPI Resolution (business hours)"].empty());
  // The minutes form is what TicketSQL can compare (RT compares the text).
  auto slow = rest.ids_where("'CF.{KPI First Response (business minutes)}' > '000041'");
  EXPECT_NE(std::find(slow.begin(), slow.end(), plain), slow.end());
  auto slower = rest.ids_where("'CF.{KPI First Response (business minutes)}' > '000042'");
  EXPECT_EQ(std::find(slower.begin(), slower.end(), plain), slower.end());

  // Agents' rolling scores on their RT user records, "<value> (n=<count>)": with rights
  // only on the user fields (the ticket fields of the same name are other fields).
  const std::regex score(R"(.+ \(n=\d+\))");
  for (const char* agent : {"alice", "bob", "carol", "dave"}) {
    auto u = rest.fields(std::string("user/") + agent);
    EXPECT_TRUE(std::regex_match(u["KPI First Response (30d)"], score))
        << agent << ": '" << u["KPI First Response (30d)"] << "'\n"
        << rest.raw(std::string("user/") + agent);
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
  }

  // Restart: a new process on the same state and the same "now" writes nothing and
  // posts nothing; deskpulse's own field transactions are not ticket activity.
  const int64_t plain_history = rest.history_size(plain);
  const int64_t reopened_history = rest.history_size(reopened);
  ASSERT_GT(plain_history, 0);
  const long events_before = events();
  EXPECT_GT(events_before, 0);
  auto second = run_command(run_once, 600);
  ASSERT_EQ(second.exit_code, 0) << second.out;
  auto c2 = cycle_line(second.out);
  ASSERT_TRUE(c2) << second.out;
  EXPECT_EQ(c2->writes, 0) << second.out;
  EXPECT_EQ(c2->reports, 0) << second.out;
  EXPECT_EQ(c2->failed, 0) << second.out;
  EXPECT_EQ(events(), events_before);
  EXPECT_EQ(rest.history_size(plain), plain_history);
  EXPECT_EQ(rest.history_size(reopened), reopened_history);
  EXPECT_EQ(rest.subjects_in(kReportsQueue).size(), 3u);
  phase("second run");

  // The customer writes back 8 hours later: the ticket is open again. Its resolution,
  // and its "FCR: yes", no longer apply: cleared once; the reopen count says 1.
  EXPECT_EQ(admin({"reopen", std::to_string(plain),
                   std::to_string((t0 + std::chrono::hours(8)).time_since_epoch().count())}),
            "ok\n");
  auto third = run_command(run_once, 600);
  ASSERT_EQ(third.exit_code, 0) << third.out;
  auto c3 = cycle_line(third.out);
  ASSERT_TRUE(c3) << third.out;
  EXPECT_GE(c3->cleared, 2) << third.out;
  auto r = rest.fields("ticket/" + std::to_string(plain));
  EXPECT_EQ(r["KPI Resolution (business hours)"], "")
      << rest.raw("ticket/" + std::to_string(plain));
  EXPECT_EQ(r["KPI First Contact Resolution"], "");
  EXPECT_EQ(r["KPI Reopens"], "1");
  EXPECT_EQ(r["KPI First Response (business hours)"], "42m");
  auto fourth = run_command(run_once, 600);
  auto c4 = cycle_line(fourth.out);
  ASSERT_TRUE(c4) << fourth.out;
  EXPECT_EQ(c4->writes + c4->cleared, 0) << fourth.out;  // cleared once, not each cycle
  phase("reopen");

  // doctor reads back what was written last in each ticket field.
  auto after = run_command(as_deskpulse + " doctor --config " + cfg, 120);
  EXPECT_EQ(after.exit_code, 0) << after.out;
  EXPECT_NE(after.out.find("ok    rt ticket field 'KPI Reopens': ticket "), std::string::npos)
      << after.out;
}

// Every report exactly once: after a create RT completed too slowly for deskpulse,
// after a kill -9 while the create is in flight, and after the state file is lost.
TEST(RtEndToEnd, EachReportIsPostedExactlyOnce) {
  auto started = RtServer::start();
  ASSERT_TRUE(started.ok()) << started.error().str();
  auto& rt = **started;
  auto seeded = rt.perl(DP_SOURCE_DIR "/tests/integration/rt/seed.pl", {"30", "11", "per-queue"});
  ASSERT_TRUE(seeded.ok()) << seeded.error().str();
  auto root_token = rt.create_token(RtServer::root_user());
  ASSERT_TRUE(root_token.ok()) << root_token.error().str();
  auto token = rt.create_token("deskpulse");
  ASSERT_TRUE(token.ok()) << token.error().str();
  const Rest rest(rt.url(), *root_token);
  TempDir dir;
  const std::string cfg = (dir.path() / "deskpulse.yaml").string();
  const std::string slow_cfg = (dir.path() / "slow.yaml").string();
  const std::string state = (dir.path() / "state.db").string();
  // A report create takes RT 6 s behind this proxy; deskpulse waits 2 s.
  SlowProxy proxy(rt.port(), std::chrono::seconds(6), [](const httplib::Request& r) {
    return r.method == "POST" && r.path == "/REST/2.0/ticket";
  });
  std::ofstream(cfg) << deskpulse_yaml(rt);
  std::ofstream(slow_cfg) << deskpulse_yaml(rt, proxy.url(), "    timeout: 2s\n");
  const std::string as_root = "env RT_TOKEN=" + *root_token + " " + kBin;
  const std::string as_deskpulse = "env RT_TOKEN=" + *token + " " + kBin;
  auto init = run_command(as_root + " init --config " + cfg, 180);
  ASSERT_EQ(init.exit_code, 0) << init.out;

  const auto base = pinned_now();
  auto at = [&](int weeks) {
    return iso_utc(
        std::chrono::time_point_cast<std::chrono::seconds>(base + std::chrono::days(7 * weeks)));
  };
  // Each subject in the reports queue once.
  auto subjects = [&] {
    std::map<std::string, int> n;
    for (const auto& s : rest.subjects_in(kReportsQueue)) ++n[s];
    return n;
  };
  auto each_once = [&](const std::string& when) {
    for (const auto& [subject, n] : subjects()) EXPECT_EQ(n, 1) << subject << " " << when;
  };
  // Bounded wait until RT answered every create the proxy held back.
  auto settle = [&] {
    for (int i = 0; i < 300 && proxy.slow_done() < proxy.slow_seen(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  };

  // 1. A baseline week, posted directly.
  auto first = run_command(as_deskpulse + " run --once --now " + at(0) + " --config " + cfg, 600);
  ASSERT_EQ(first.exit_code, 0) << first.out;
  const size_t per_week = subjects().size();
  ASSERT_GT(per_week, 0u);

  // 2. RT answers each create after 6 s: deskpulse gives up after 2 s, does not repeat
  // the POST, and says so; the next cycle finds what RT made and records it.
  auto slow =
      run_command(as_deskpulse + " run --once --now " + at(1) + " --config " + slow_cfg, 600);
  EXPECT_EQ(slow.exit_code, 1) << slow.out;
  EXPECT_NE(slow.out.find("not repeated"), std::string::npos) << slow.out;
  EXPECT_EQ(size_t(proxy.slow_seen()), per_week) << slow.out;  // one POST per report
  settle();
  EXPECT_EQ(subjects().size(), 2 * per_week);
  auto after_slow =
      run_command(as_deskpulse + " run --once --now " + at(1) + " --config " + cfg, 600);
  EXPECT_EQ(after_slow.exit_code, 0) << after_slow.out;
  auto c = cycle_line(after_slow.out);
  ASSERT_TRUE(c) << after_slow.out;
  EXPECT_EQ(c->reports, 0) << after_slow.out;
  EXPECT_EQ(size_t(c->found), per_week) << after_slow.out;
  each_once("after a slow create");

  // 3. kill -9 while a create is in flight.
  const int before = proxy.slow_seen();
  const std::string pidfile = (dir.path() / "pid").string();
  auto background =
      run_command("sh -c '" + as_deskpulse + " run --once --now " + at(2) + " --config " +
                      slow_cfg + " >/dev/null 2>&1 & echo $! > " + pidfile + "'",
                  30);
  ASSERT_EQ(background.exit_code, 0) << background.out;
  for (int i = 0; i < 600 && proxy.slow_seen() == before; ++i)  // bounded: 60 s
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  ASSERT_GT(proxy.slow_seen(), before) << "no report create reached RT";
  auto killed = run_command("kill -9 $(cat " + pidfile + ")", 10);
  EXPECT_EQ(killed.exit_code, 0) << killed.out;
  settle();
  auto after_kill =
      run_command(as_deskpulse + " run --once --now " + at(2) + " --config " + cfg, 600);
  EXPECT_EQ(after_kill.exit_code, 0) << after_kill.out;
  each_once("after kill -9");
  EXPECT_EQ(subjects().size(), 3 * per_week);

  // 4. The state file is lost: everything is read again; no field changes in RT and no
  // report is posted again.
  std::filesystem::remove(state);
  auto fresh = run_command(as_deskpulse + " run --once --now " + at(2) + " --config " + cfg, 900);
  EXPECT_EQ(fresh.exit_code, 0) << fresh.out;
  auto f = cycle_line(fresh.out);
  ASSERT_TRUE(f) << fresh.out;
  EXPECT_EQ(f->reports, 0) << fresh.out;
  EXPECT_EQ(f->failed, 0) << fresh.out;
  EXPECT_GE(size_t(f->found), 1u) << fresh.out;
  each_once("after the state was lost");
  EXPECT_EQ(subjects().size(), 3 * per_week);
}

}  // namespace
}  // namespace dp::test
