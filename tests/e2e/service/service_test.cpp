// `deskpulse run` watched the way an admin watches it: /metrics scraped by Prometheus,
// /healthz by a load balancer or a probe, the log read by journald or a JSON shipper,
// the service supervised by systemd (sd_notify). The real binary on a files source;
// every wait is a bounded poll.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "../../support/run_command.h"
#include "model/json.h"

namespace {

using dp::test::read_file;
using dp::test::run_command;
using dp::test::TempDir;
namespace fs = std::filesystem;

const std::string kBin = DESKPULSE_BIN;

void write(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
}

// The generated data run from 2026-08-24 for --weeks weeks; the KPI gauges cover the
// 7 days up to `run --now`.
constexpr const char* kNow = "2026-09-06T12:00:00Z";

// A small generated data set in DIR/data and a config with a files source on it.
struct DataSet {
  TempDir dir;
  fs::path config = dir.path() / "deskpulse.yaml";
  fs::path log = dir.path() / "run.log";
  explicit DataSet(const std::string& extra = "") {
    auto gen = run_command(kBin + " generate --out " + (dir.path() / "data").string() +
                           " --tickets 300 --weeks 2 --seed 7");
    EXPECT_EQ(gen.exit_code, 0) << gen.out;
    write(config, "state: " + (dir.path() / "state.db").string() +
                      "\n"
                      "connectors:\n"
                      "  demo-files:\n"
                      "    type: files\n"
                      "    path: " +
                      (dir.path() / "data").string() + "\n    interval: 1h\n" + extra);
  }
};

// `run` in the background with stderr in a file, stopped (SIGTERM) when destroyed.
class Running {
 public:
  Running(const std::vector<std::string>& args, const fs::path& log,
          const std::map<std::string, std::string>& env = {}) {
    pid_ = fork();
    if (pid_ == 0) {
      for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
      FILE* f = fopen(log.c_str(), "w");
      dup2(fileno(f), STDERR_FILENO);
      dup2(fileno(f), STDOUT_FILENO);
      std::vector<char*> argv;
      argv.push_back(const_cast<char*>(kBin.c_str()));
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(kBin.c_str(), argv.data());
      _exit(127);
    }
  }
  ~Running() {
    if (pid_ > 0 && !exited_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
  }
  pid_t pid() const { return pid_; }
  // SIGTERM, then the exit code (-1 when it did not exit within 30 s).
  int stop() {
    kill(pid_, SIGTERM);
    for (int i = 0; i < 300; ++i) {
      int status = 0;
      if (waitpid(pid_, &status, WNOHANG) == pid_) {
        exited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  bool exited_ = false;
};

// Waits (at most 60 s) until the file matches `re`; returns the first match's groups.
std::optional<std::smatch> wait_for(const fs::path& file, const std::regex& re,
                                    std::string* text = nullptr) {
  static std::string last;
  for (int i = 0; i < 600; ++i) {
    last = read_file(file);
    std::smatch m;
    if (std::regex_search(last, m, re)) {
      if (text) *text = last;
      return m;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (text) *text = last;
  return std::nullopt;
}

int listening_port(const fs::path& log) {
  std::string text;
  auto m =
      wait_for(log, std::regex(R"(serving /metrics and /healthz on 127\.0\.0\.1:(\d+))"), &text);
  EXPECT_TRUE(m) << text;
  return m ? std::stoi((*m)[1]) : 0;
}

// The value of a sample line `name{labels} value` in the exposition text.
std::optional<double> sample(const std::string& text, const std::string& series) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return std::nullopt;
}

TEST(Service, MetricsAndHealthOverHttpAfterACycle) {
  DataSet s;
  Running run({"run", "-c", s.config.string(), "--listen", "127.0.0.1:0", "--now", kNow}, s.log);
  const int port = listening_port(s.log);
  ASSERT_GT(port, 0);
  std::string text;
  ASSERT_TRUE(wait_for(s.log, std::regex("cycle: "), &text)) << text;
  httplib::Client http("127.0.0.1", port);
  http.set_read_timeout(10, 0);

  auto metrics = http.Get("/metrics");
  ASSERT_TRUE(metrics) << httplib::to_string(metrics.error());
  EXPECT_EQ(metrics->status, 200);
  EXPECT_NE(metrics->get_header_value("Content-Type").find("text/plain; version=0.0.4"),
            std::string::npos);
  const std::string& m = metrics->body;
  EXPECT_EQ(sample(m, R"(deskpulse_cycles_total{result="ok"})"), 1.0) << m;
  // Every generated record of the data set was stored, none rejected.
  auto synced = sample(m, R"(deskpulse_records_synced_total{source="demo-files"})");
  ASSERT_TRUE(synced) << m;
  EXPECT_GT(*synced, 300);
  EXPECT_EQ(sample(m, R"(deskpulse_records_rejected_total{source="demo-files"})"), 0.0);
  EXPECT_EQ(sample(m, R"(deskpulse_source_up{source="demo-files"})"), 1.0);
  auto lag = sample(m, R"(deskpulse_source_lag_seconds{source="demo-files"})");
  ASSERT_TRUE(lag) << m;
  EXPECT_GE(*lag, 0);
  EXPECT_LT(*lag, 120);
  EXPECT_NE(m.find("# TYPE deskpulse_records_synced_total counter"), std::string::npos);
  EXPECT_NE(m.find("# HELP deskpulse_http_requests_total "), std::string::npos);
  // Headline KPIs of the 7 days to --now, overall and per team and queue.
  EXPECT_TRUE(std::regex_search(
      m,
      std::regex(
          R"(deskpulse_kpi_value\{kpi="request_volume",stat="count",basis="",group="overall",key="",unit="[^"]*"\} [1-9])")))
      << m;
  EXPECT_TRUE(std::regex_search(
      m, std::regex(R"(deskpulse_kpi_value\{kpi="csat",[^}]*group="team",key="[^"]+")")))
      << m;
  EXPECT_TRUE(std::regex_search(
      m, std::regex(R"(deskpulse_kpi_samples\{kpi="service_level",[^}]*group="queue")")))
      << m;

  auto health = http.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200) << health->body;
  rapidjson::Document d;
  d.Parse(health->body.c_str());
  ASSERT_FALSE(d.HasParseError()) << health->body;
  EXPECT_STREQ(d["status"].GetString(), "ok");
  ASSERT_EQ(d["connectors"].Size(), 1u);
  EXPECT_STREQ(d["connectors"][0]["name"].GetString(), "demo-files");
  EXPECT_STREQ(d["connectors"][0]["status"].GetString(), "ok");
  EXPECT_EQ(d["connectors"][0]["max_age_s"].GetInt64(), 3600 + 900);  // interval + 15m

  auto other = http.Get("/");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  EXPECT_EQ(run.stop(), 0);

  // docs/operations.md names only metrics `run` serves, and its Grafana dashboard is
  // JSON whose queries use them: the docs fail here when the metrics change.
  const std::string doc = read_file(std::string(DP_SOURCE_DIR) + "/docs/operations.md");
  const std::regex name(R"(deskpulse_[a-z_]+)");
  std::set<std::string> named;
  for (auto it = std::sregex_iterator(doc.begin(), doc.end(), name); it != std::sregex_iterator();
       ++it)
    named.insert(it->str());
  EXPECT_GT(named.size(), 15u);
  for (const auto& n : named)
    EXPECT_NE(m.find("# TYPE " + n + " "), std::string::npos) << n << " is not served";
  const std::regex served(R"(# TYPE (\w+) )");
  for (auto it = std::sregex_iterator(m.begin(), m.end(), served); it != std::sregex_iterator();
       ++it)
    EXPECT_TRUE(named.count((*it)[1])) << (*it)[1] << " is served but not documented";
  const auto json_at = doc.find("```json\n");
  ASSERT_NE(json_at, std::string::npos);
  const auto json_end = doc.find("```", json_at + 8);
  const std::string dashboard = doc.substr(json_at + 8, json_end - json_at - 8);
  rapidjson::Document g;
  g.Parse(dashboard.c_str());
  ASSERT_FALSE(g.HasParseError()) << "docs/operations.md: the dashboard is not JSON at offset "
                                  << g.GetErrorOffset();
  EXPECT_GE(g["panels"].Size(), 6u);
}

// A port that cannot be bound stops `run` at start with exit 1 and says why, rather
// than running without the endpoints the admin asked for.
TEST(Service, APortInUseIsAnErrorAtStart) {
  DataSet s;
  httplib::Server taken;
  const int port = taken.bind_to_any_port("127.0.0.1");
  ASSERT_GT(port, 0);
  auto r = run_command(
      kBin + " run --once -c " + s.config.string() + " --listen 127.0.0.1:" + std::to_string(port),
      60);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("cannot bind 127.0.0.1:" + std::to_string(port)), std::string::npos)
      << r.out;
  auto bad = run_command(kBin + " run --once -c " + s.config.string() + " --listen localhost", 60);
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
}

// A source that cannot be read makes /healthz 503 and names it, while the one that
// answers stays ok; the failed poll is counted.
TEST(Service, HealthIs503WhileASourceFails) {
  DataSet s("  missing:\n    type: files\n    path: /nonexistent/deskpulse-data\n");
  Running run({"run", "-c", s.config.string(), "--listen", "127.0.0.1:0"}, s.log);
  const int port = listening_port(s.log);
  ASSERT_GT(port, 0);
  std::string text;
  ASSERT_TRUE(wait_for(s.log, std::regex("cycle: "), &text)) << text;
  httplib::Client http("127.0.0.1", port);
  auto health = http.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 503) << health->body;
  rapidjson::Document d;
  d.Parse(health->body.c_str());
  ASSERT_FALSE(d.HasParseError()) << health->body;
  EXPECT_STREQ(d["status"].GetString(), "unhealthy");
  std::map<std::string, std::string> status, error;
  for (const auto& c : d["connectors"].GetArray()) {
    status[c["name"].GetString()] = c["status"].GetString();
    if (c["error"].IsString()) error[c["name"].GetString()] = c["error"].GetString();
  }
  EXPECT_EQ(status["demo-files"], "ok");
  EXPECT_EQ(status["missing"], "failing");
  EXPECT_NE(error["missing"].find("/nonexistent/deskpulse-data"), std::string::npos);
  auto m = http.Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_EQ(sample(m->body, R"(deskpulse_source_polls_total{result="failed",source="missing"})"),
            std::nullopt);  // labels render in the order given: source first
  EXPECT_EQ(sample(m->body, R"(deskpulse_source_polls_total{source="missing",result="failed"})"),
            1.0)
      << m->body;
  EXPECT_EQ(sample(m->body, R"(deskpulse_cycles_total{result="failed"})"), 1.0);
  // The cycle line counts the failed source.
  EXPECT_NE(read_file(s.log).find("cycle: 2 sources polled (1 failed)"), std::string::npos)
      << read_file(s.log);
  EXPECT_EQ(run.stop(), 0);
}

// --log-format json: every line is one JSON object with time, level and msg; the cycle
// line carries its numbers as fields; an error is level "error".
TEST(Service, JsonLogLinesCarryLevelAndFields) {
  DataSet s("  missing:\n    type: files\n    path: /nonexistent/deskpulse-data\n");
  auto r = run_command(kBin + " run --once -c " + s.config.string() + " --log-format json", 120);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  std::istringstream in(r.out);
  std::string line;
  std::set<std::string> levels;
  bool cycle = false;
  int lines = 0;
  while (std::getline(in, line)) {
    ++lines;
    rapidjson::Document d;
    d.Parse(line.c_str());
    ASSERT_FALSE(d.HasParseError()) << line;
    ASSERT_TRUE(d.HasMember("time") && d.HasMember("level") && d.HasMember("msg")) << line;
    levels.insert(d["level"].GetString());
    if (std::string(d["msg"].GetString()).rfind("cycle: ", 0) == 0) {
      cycle = true;
      EXPECT_STREQ(d["sources_failed"].GetString(), "1") << line;
      EXPECT_STREQ(d["rejected"].GetString(), "0") << line;
    }
  }
  EXPECT_GT(lines, 1);
  EXPECT_TRUE(cycle) << r.out;
  EXPECT_TRUE(levels.count("error")) << r.out;
  EXPECT_TRUE(levels.count("info")) << r.out;
  // --log-level error leaves only the error lines.
  auto quiet =
      run_command(kBin + " run --once -c " + s.config.string() + " --log-level error", 120);
  EXPECT_EQ(quiet.out.find(" info "), std::string::npos) << quiet.out;
  EXPECT_NE(quiet.out.find(" error "), std::string::npos) << quiet.out;
  auto bad = run_command(kBin + " run --once -c " + s.config.string() + " --log-format xml");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
}

// Under journald (stderr is the stream JOURNAL_STREAM names) each line starts with its
// syslog priority, so `journalctl -p err` selects errors; the journal adds the time.
TEST(Service, UnderJournaldEachLineCarriesItsPriority) {
  DataSet s("  missing:\n    type: files\n    path: /nonexistent/deskpulse-data\n");
  // The test's stand-in for the journal: a file, named by device and inode as systemd
  // names its stream socket.
  write(s.log, "");
  struct stat st {};
  ASSERT_EQ(stat(s.log.c_str(), &st), 0);
  const std::string stream = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);
  auto r = run_command("sh -c 'JOURNAL_STREAM=" + stream + " " + kBin + " run --once -c " +
                           s.config.string() + " 2>>" + s.log.string() + "'",
                       120);
  EXPECT_EQ(r.exit_code, 1) << r.out;
  const std::string log = read_file(s.log);
  EXPECT_TRUE(std::regex_search(log, std::regex(R"((^|\n)<3>error /nonexistent/deskpulse-data: )")))
      << log;
  EXPECT_TRUE(std::regex_search(log, std::regex(R"((^|\n)<4>warn cycle: )")))
      << log;  // failed: warn
  EXPECT_FALSE(std::regex_search(log, std::regex(R"((^|\n)20\d\d-)"))) << log;
  // Inherited by a child whose stderr is elsewhere: plain lines with their time.
  auto other = run_command(
      "env JOURNAL_STREAM=" + stream + " " + kBin + " run --once -c " + s.config.string(), 120);
  EXPECT_TRUE(std::regex_search(other.out, std::regex(R"((^|\n)20\d\d-\d\d-\d\dT[^ ]+ info )")))
      << other.out;
}

// Under systemd (Type=notify): READY=1 after the first cycle whose sources answered,
// WATCHDOG=1 while it runs, RELOADING=1 and READY=1 around a SIGHUP, STOPPING=1 on
// SIGTERM. The test plays systemd's notification socket.
TEST(Service, TellsSystemdWhenReadyAliveReloadingAndStopping) {
  DataSet s;
  const fs::path sock_path = s.dir.path() / "notify.sock";
  int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0);
  ASSERT_GE(fd, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  ASSERT_LT(sock_path.string().size(), sizeof addr.sun_path);
  std::strcpy(addr.sun_path, sock_path.c_str());
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
  std::vector<std::string> got;
  auto receive_until = [&](const std::string& wanted) {
    for (int i = 0; i < 600; ++i) {
      char buf[4096];
      ssize_t n;
      while ((n = recv(fd, buf, sizeof buf, 0)) > 0) got.emplace_back(buf, static_cast<size_t>(n));
      for (const auto& g : got)
        if (g.find(wanted) != std::string::npos) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  };
  auto all = [&] {
    std::string s;
    for (const auto& g : got) s += "[" + g + "]";
    return s;
  };
  Running run({"run", "-c", s.config.string()}, s.log,
              {{"NOTIFY_SOCKET", sock_path.string()}, {"WATCHDOG_USEC", "1000000"}});
  EXPECT_TRUE(receive_until("READY=1")) << all() << read_file(s.log);
  EXPECT_TRUE(receive_until("WATCHDOG=1")) << all();
  // The READY message says how the first cycle went.
  bool status = false;
  for (const auto& g : got)
    if (g.find("READY=1") != std::string::npos &&
        g.find("STATUS=cycle: 1 sources polled") != std::string::npos)
      status = true;
  EXPECT_TRUE(status) << all();
  got.clear();
  kill(run.pid(), SIGHUP);
  EXPECT_TRUE(receive_until("RELOADING=1")) << all() << read_file(s.log);
  EXPECT_TRUE(receive_until("READY=1")) << all();
  EXPECT_EQ(run.stop(), 0);
  EXPECT_TRUE(receive_until("STOPPING=1")) << all();
  close(fd);
}

}  // namespace
