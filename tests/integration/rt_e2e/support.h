// What the RT end-to-end tests share (rt_e2e_test.cpp): the deskpulse binary, the Perl
// scripts that seed tickets whose history the tests control, the cycle line's numbers
// and a REST2 client as RT's root. Included by that one test file.
#pragma once

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

namespace dp::test::rt_e2e {

inline const std::string kBin = DESKPULSE_BIN;
constexpr int kTickets = 60;

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

// What an RT admin does by hand, through RT's Perl API:
//   count                       -> "<ticket fields> <user fields>" (enabled, deskpulse's and all)
//   revoke|grant USER FIELD RIGHT  on the ticket field FIELD
//   reopen TICKET WHEN          the ticket's requestor writes back at WHEN: reopened
constexpr const char* kAdminScript = R"PERL(use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT;
use MIME::Entity;
RT::LoadConfig();
RT::Init();
my $sys = RT::CurrentUser->new(RT->SystemUser);
my ($what, @args) = @ARGV;
if ($what eq 'count') {
  my @n;
  for my $type ('RT::Queue-RT::Ticket', 'RT::User') {
    my $cfs = RT::CustomFields->new($sys);
    $cfs->LimitToLookupType($type);
    push @n, $cfs->Count;
  }
  print "@n\n";
} elsif ($what eq 'revoke' || $what eq 'grant') {
  my ($user, $field, $right) = @args;
  my $u = RT::User->new($sys);
  $u->Load($user);
  my $cf = RT::CustomField->new($sys);
  $cf->LoadByName(Name => $field, LookupType => 'RT::Queue-RT::Ticket');
  die "no user or field" unless $u->id && $cf->id;
  my ($ok, $msg) = $what eq 'grant'
    ? $u->PrincipalObj->GrantRight(Right => $right, Object => $cf)
    : $u->PrincipalObj->RevokeRight(Right => $right, Object => $cf);
  die "$what: $msg" unless $ok;
  print "ok\n";
} elsif ($what eq 'reopen') {
  my ($id, $when) = @args;
  my $dbh = $RT::Handle->dbh;
  $dbh->do('UPDATE Scrips SET Disabled=1');
  my $t = RT::Ticket->new($sys);
  $t->Load($id);
  my $cust = $t->Requestors->UserMembersObj->First;
  my ($txn, $msg) = $t->Correspond(MIMEObj => MIME::Entity->build(Type => 'text/plain',
    Data => ['It is broken again.']));
  die "correspond: $msg" unless $txn;
  my @t = gmtime($when);
  my $ts = sprintf('%04d-%02d-%02d %02d:%02d:%02d', $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0]);
  $dbh->do('UPDATE Transactions SET Created=?, Creator=? WHERE id=?', undef, $ts, $cust->id, $txn);
  my ($ok, $m) = $t->SetStatus('open');
  die "status: $m" unless $ok;
  my $x = $t->Transactions;
  $x->Limit(FIELD => 'Type', VALUE => 'Status');
  $x->OrderBy(FIELD => 'id', ORDER => 'DESC');
  $dbh->do('UPDATE Transactions SET Created=?, Creator=? WHERE id=?', undef, $ts, $cust->id, $x->First->id);
  $dbh->do('UPDATE Scrips SET Disabled=0');
  print "ok\n";
}
)PERL";

// Timings on stdout: the machine is shared, so slow runs can be told apart.
inline void phase(const char* what) {
  static auto last = std::chrono::steady_clock::now();
  auto now = std::chrono::steady_clock::now();
  std::cout << "[rt-e2e] " << what << " after " << std::chrono::duration<double>(now - last).count()
            << " s\n"
            << std::flush;
  last = now;
}

// The numbers of the cycle line: "cycle: P sources polled (F failed), N records synced (C new or
// changed), ..., W writes (U unchanged, X cleared, F failed; T tickets and users written), R
// reports posted[ (K found already in the sink)], Q requests, ...".
struct Cycle {
  long synced = -1, writes = -1, cleared = -1, failed = -1, targets = -1, reports = -1, found = 0,
       requests = -1;
};

inline std::optional<Cycle> cycle_line(const std::string& out) {
  static const std::regex re(
      R"(cycle: \d+ sources polled \(\d+ failed\), (\d+) records synced \(\d+ new or changed\), \d+ rejected, (\d+) writes \(\d+ unchanged, (\d+) cleared, (\d+) failed; (\d+) tickets and users written\), (\d+) reports posted(?: \((\d+) found already in the sink\))?, (\d+) requests)");
  std::smatch m;
  if (!std::regex_search(out, m, re)) return std::nullopt;
  return Cycle{std::stol(m[1]),
               std::stol(m[2]),
               std::stol(m[3]),
               std::stol(m[4]),
               std::stol(m[5]),
               std::stol(m[6]),
               m[7].matched ? std::stol(m[7]) : 0,
               std::stol(m[8])};
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
    return ids_where("Queue = '" + queue + "'");
  }
  // The ids of the tickets a TicketSQL query finds.
  std::vector<int64_t> ids_where(const std::string& query) const {
    std::vector<int64_t> out;
    auto doc = get("tickets", {"query=" + query, "per_page=100"});
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

}  // namespace dp::test::rt_e2e
