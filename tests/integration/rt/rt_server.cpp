#include "rt_server.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "http/client.h"

namespace dp::test {
namespace {

namespace fs = std::filesystem;

const char* kRtServer = "/usr/share/request-tracker5/libexec/rt-server";
const char* kSetupDatabase = "/usr/sbin/rt-setup-database-5";

int free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  int port = 0;
  if (::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 &&
      ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    port = ntohs(a.sin_port);
  ::close(s);
  return port;
}

std::string tail(const std::string& file, size_t n = 1500) {
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string s = ss.str();
  return s.size() > n ? s.substr(s.size() - n) : s;
}

// fork + exec with stdout to `out` and stderr appended to `log`; the child leads its
// own process group so that the whole server tree can be stopped by pid.
pid_t spawn(const std::vector<std::string>& argv, const std::string& dir, const std::string& out,
            const std::string& log) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  ::setpgid(0, 0);
  ::setenv("RT_SITE_CONFIG_DIR", dir.c_str(), 1);
  int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  int l = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
  ::dup2(o, 1);
  ::dup2(l, 2);
  ::chdir(dir.c_str());
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  ::execv(args[0], args.data());
  ::_exit(127);
}

}  // namespace

Result<std::unique_ptr<RtServer>> RtServer::start(std::chrono::seconds ready_within) {
  for (const char* f : {kRtServer, kSetupDatabase})
    if (::access(f, X_OK) != 0)
      return make_error(std::string("Request Tracker 5 is not installed (") + f +
                        " missing): apt-get install request-tracker5 rt5-db-sqlite "
                        "rt5-standalone (.ci/run does this)");
  std::unique_ptr<RtServer> s(new RtServer);
  std::string tmpl = (fs::temp_directory_path() / "dp-rt-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) return make_error("cannot make a temp dir");
  s->dir_ = tmpl;
  s->port_ = free_port();
  if (s->port_ <= 0) return make_error("no free port on 127.0.0.1");
  if (auto w = s->write_site_config(); !w) return w.error();
  auto init = s->run({kSetupDatabase, "--action", "init", "--skip-create"});
  if (!init) return init.error();
  if (auto l = s->launch(ready_within); !l) return l.error();
  return s;
}

Result<void> RtServer::write_site_config() {
  std::ofstream f(dir_ + "/RT_SiteConfig.pm");
  f << "Set($DatabaseType, 'SQLite');\n"
    << "Set($DatabaseName, '" << dir_ << "/rt.db');\n"
    << "Set($WebPort, " << port_ << ");\n"
    << "Set($WebPath, '');\n"
    << "Set($WebDomain, '127.0.0.1');\n"
    << "Set($WebBaseURL, 'http://127.0.0.1:" << port_ << "');\n"
    << "Set($RestrictReferrer, 0);\n"
    // No mail leaves the test: RT pipes each one to a script that files it in mail_dir().
    << "Set($MailCommand, 'sendmailpipe');\n"
    << "Set($SendmailPath, '" << dir_ << "/sendmail');\n"
    << "Set($SendmailArguments, '');\n"
    << "Set($LogToSTDERR, 'warning');\n"
    << "Set($Timezone, 'UTC');\n"
    << "1;\n";
  if (!f) return make_error("cannot write " + dir_ + "/RT_SiteConfig.pm");
  fs::create_directories(mail_dir());
  const std::string sendmail = dir_ + "/sendmail";
  std::ofstream(sendmail) << "#!/bin/sh\ncat > \"$(mktemp " << mail_dir() << "/mail.XXXXXX)\"\n";
  fs::permissions(sendmail, fs::perms::owner_all);
  if (!fs::exists(sendmail)) return make_error("cannot write " + sendmail);
  return {};
}

Result<void> RtServer::launch(std::chrono::seconds ready_within) {
  const std::string log = dir_ + "/server.log";
  // 127.0.0.1 only: rt-server listens on every address unless told otherwise.
  pid_ = spawn({kRtServer, "--host", "127.0.0.1", "--port", std::to_string(port_)}, dir_, log, log);
  if (pid_ < 0) return make_error("cannot fork rt-server");
  auto transport = http::make_curl_transport(http::Options{});
  http::Request ping{"GET",
                     url() + "/REST/2.0/rt",
                     {{"Authorization", http::basic_auth(root_user(), root_password())}},
                     ""};
  auto deadline = std::chrono::steady_clock::now() + ready_within;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return make_error("rt-server exited during start-up: " + tail(log));
    }
    auto r = transport->send(ping);
    if (r && r->status == 200) return {};
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  return make_error("rt-server did not answer REST2 within " +
                    std::to_string(ready_within.count()) + " s: " + tail(log));
}

RtServer::~RtServer() {
  if (pid_ > 0) {
    ::kill(-pid_, SIGTERM);  // the group: rt-server forks workers
    for (int i = 0; i < 100; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    if (pid_ > 0) {
      ::kill(-pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  if (!dir_.empty() && !std::getenv("DP_KEEP_RT")) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

Result<std::string> RtServer::run(const std::vector<std::string>& argv) const {
  const std::string out = dir_ + "/run.out";
  pid_t pid = spawn(argv, dir_, out, dir_ + "/run.log");
  int status = 0;
  if (pid < 0 || ::waitpid(pid, &status, 0) != pid) return make_error("cannot run " + argv[0]);
  std::ifstream in(out);
  std::stringstream ss;
  ss << in.rdbuf();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return make_error(argv[0] + " failed: " + ss.str() + tail(dir_ + "/run.log"));
  return ss.str();
}

Result<std::string> RtServer::perl(const std::string& script,
                                   const std::vector<std::string>& args) const {
  std::vector<std::string> argv{"/usr/bin/perl", script};
  argv.insert(argv.end(), args.begin(), args.end());
  return run(argv);
}

Result<std::string> RtServer::create_token(const std::string& user) const {
  const std::string script = dir_ + "/token.pl";
  std::ofstream(script) << R"(use lib '/usr/share/request-tracker5/lib';
use RT; RT::LoadConfig(); RT::Init();
my $u = RT::User->new(RT->SystemUser); $u->Load($ARGV[0]) or die "no user $ARGV[0]";
my $t = RT::AuthToken->new(RT->SystemUser);
my ($ok, $msg, $auth) = $t->Create(Owner => $u->id, Description => 'deskpulse test');
die $msg unless $ok; print $auth;
)";
  return perl(script, {user});
}

}  // namespace dp::test
