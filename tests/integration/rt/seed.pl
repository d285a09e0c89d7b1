#!/usr/bin/perl
# Seeds a private RT (RT_SITE_CONFIG_DIR) with tickets whose histories look like a
# real helpdesk's: replies, customer follow-ups, internal notes, owner changes,
# resolves, reopens, merges, time taken and a CSAT custom field. Everything runs as
# RT_System through RT's Perl API (REST2 is ~0.45 s per ticket); transactions are then
# backdated and attributed to the right person with one SQL update each, because the
# API stamps "now" and the acting user. Prints a JSON summary the test compares with.
#
# usage: RT_SITE_CONFIG_DIR=DIR seed.pl TICKETS [SEED] [global|per-queue]
# per-queue: staff rights as many sites grant them, per queue to a group of that
# queue's agents (alice and bob work Support, carol and dave Billing), nothing global
# to Privileged; deskpulse's own user exists without any right.
use strict;
use warnings;
use lib '/usr/share/request-tracker5/lib';
use RT;
use RT::Interface::CLI;
use MIME::Entity;

RT::LoadConfig();
RT::Init();

my $n = shift // 200;
srand(shift // 42);
my $rights = shift // 'global';
my $sys = RT::CurrentUser->new(RT->SystemUser);
my $dbh = $RT::Handle->dbh;
$dbh->do('PRAGMA synchronous=OFF');
# Scrips would send mail and auto-open tickets; the seed sets every status itself.
$dbh->do('UPDATE Scrips SET Disabled=1');

# Display names as a site fills them in: alice has one, the other agents do not.
my %real_name = (alice => 'Alice Archer');

sub user {
  my ($name, $privileged) = @_;
  my $u = RT::User->new($sys);
  $u->Load($name);
  unless ($u->id) {
    my ($ok, $msg) = $u->Create(Name => $name, EmailAddress => ($name =~ /@/ ? $name : "$name\@example.com"),
      Privileged => $privileged, Password => 'password', RealName => $real_name{$name} // '');
    die "user $name: $msg" unless $ok;
  }
  return $u;
}

sub queue {
  my ($name) = @_;
  my $q = RT::Queue->new($sys);
  $q->Load($name);
  unless ($q->id) {
    my ($ok, $msg) = $q->Create(Name => $name);
    die "queue $name: $msg" unless $ok;
  }
  return $q;
}

my @agents = map { user($_, 1) } qw(alice bob carol dave);
my @customers = map { user("customer$_\@example.org", 0) } 1 .. 40;
my @queues = map { queue($_) } qw(Support Billing);

# Staff rights as a site would grant them: to every privileged user, or per queue.
my @staff_rights = qw(OwnTicket ShowTicket SeeQueue ModifyTicket ReplyToTicket CommentOnTicket
  SeeCustomField ModifyCustomField ShowTicketComments CreateTicket);
my %works = (Support => [@agents[0, 1]], Billing => [@agents[2, 3]]);
# Who may own and answer a queue's tickets.
sub staff_of { my $q = shift; return $rights eq 'per-queue' ? @{ $works{$q->Name} } : @agents }
if ($rights eq 'per-queue') {
  for my $q (@queues) {
    my $g = RT::Group->new($sys);
    $g->LoadUserDefinedGroup($q->Name . ' staff');
    unless ($g->id) {
      my ($ok, $msg) = $g->CreateUserDefinedGroup(Name => $q->Name . ' staff');
      die "group: $msg" unless $ok;
    }
    $g->AddMember($_->id) for @{ $works{$q->Name} };
    $g->PrincipalObj->GrantRight(Right => $_, Object => $q) for @staff_rights;
  }
  user('deskpulse', 1);
} else {
  my $staff = RT::Group->new($sys);
  $staff->LoadSystemInternalGroup('Privileged');
  $staff->PrincipalObj->GrantRight(Right => $_, Object => $RT::System) for @staff_rights;
}

# Survey and topic fields a site would have (not deskpulse's own fields).
my %cf;
for my $spec (['CSAT', 'FreeformSingle'], ['Topic', 'FreeformSingle']) {
  my $c = RT::CustomField->new($sys);
  $c->LoadByName(Name => $spec->[0], LookupType => 'RT::Queue-RT::Ticket');
  unless ($c->id) {
    my ($ok, $msg) = $c->Create(Name => $spec->[0], Type => $spec->[1], LookupType => 'RT::Queue-RT::Ticket');
    die "cf: $msg" unless $ok;
    $c->AddToObject($_) for @queues;
  }
  $cf{$spec->[0]} = $c;
}

my $now = time;
my %count = (tickets => 0, created => 0, agent_reply => 0, customer_reply => 0, internal_note => 0,
  owner_change => 0, status_change => 0, merged => 0, surveys => 0);
my (%sample, @by_customer);

sub iso {
  my @t = gmtime(shift);
  return sprintf('%04d-%02d-%02d %02d:%02d:%02d', $t[5] + 1900, $t[4] + 1, @t[3, 2, 1, 0]);
}

sub stamp {
  my ($txn_id, $when, $who) = @_;
  my $ts = iso($when);
  $dbh->do('UPDATE Transactions SET Created=?, Creator=? WHERE id=?', undef, $ts, $who->id, $txn_id);
  return $ts;
}

sub note {
  my ($t, $kind, $text, $minutes) = @_;
  my $mime = MIME::Entity->build(Type => 'text/plain', Data => [$text], Charset => 'UTF-8');
  my ($id, $msg) = $kind eq 'Comment'
    ? $t->Comment(MIMEObj => $mime, TimeTaken => $minutes // 0)
    : $t->Correspond(MIMEObj => $mime, TimeTaken => $minutes // 0);
  die "$kind: $msg" unless $id;
  return $id;
}

sub last_txn {
  my ($t, $type) = @_;
  my $txns = $t->Transactions;
  $txns->Limit(FIELD => 'Type', VALUE => $type);
  $txns->OrderBy(FIELD => 'id', ORDER => 'DESC');
  return $txns->First->id;
}

sub set_status {
  my ($t, $status, $when, $who) = @_;
  my ($ok, $msg) = $t->SetStatus($status);
  die "status $status: $msg" unless $ok;
  stamp(last_txn($t, 'Status'), $when, $who);
  $count{status_change}++;
}

for my $i (1 .. $n) {
  my $q = $queues[$i % 2];
  my $cust = $customers[int(rand(@customers))];
  my $t0 = $now - 86400 * (1 + int(rand(56))) - int(rand(86400));
  my $t = RT::Ticket->new($sys);
  my ($id, $txn, $msg) = $t->Create(Queue => $q->id, Subject => "Seeded request $i", Requestor => [$cust->EmailAddress],
    MIMEObj => MIME::Entity->build(Type => 'text/plain', Data => ["Please help with $i"]),
    Created => iso($t0));
  die "ticket: $msg" unless $id;
  stamp($txn, $t0, $cust);
  $count{tickets}++;
  $count{created}++;
  push @by_customer, [$id, $cust];
  my $now_t = $t0;
  my @staff = staff_of($q);
  my $agent = $staff[int(rand(@staff))];
  my $step = sub { $now_t += 60 * (5 + int(rand(240))); $now_t = $now - 60 if $now_t > $now - 60; $now_t };

  if (rand() < 0.85) {
    my ($ok, $msg) = $t->SetOwner($agent->id);
    die "owner: $msg" unless $ok;
    # The owner change also writes a SetWatcher transaction; only "Set Owner" counts.
    stamp(last_txn($t, 'Set'), $step->(), $agent);
    $count{owner_change}++;
  }
  if (rand() < 0.3) {
    stamp(note($t, 'Comment', 'Checked the logs, looks like a config issue.', 3), $step->(), $agent);
    $count{internal_note}++;
    $sample{internal_note} //= $id;
  }
  next if rand() < 0.08;    # still new, nobody answered yet
  my $reply_at = $step->();
  stamp(note($t, 'Correspond', 'Thanks for writing, here is what to do.', 10), $reply_at, $agent);
  $count{agent_reply}++;
  set_status($t, 'open', $reply_at, $agent);
  if (rand() < 0.4) {
    stamp(note($t, 'Correspond', 'That did not work, still broken.'), $step->(), $cust);
    $count{customer_reply}++;
    $sample{customer_reply} //= $id;
    stamp(note($t, 'Correspond', 'Try this instead.', 15), $step->(), $agent);
    $count{agent_reply}++;
  }
  if (rand() < 0.1) {
    my $other = $staff[int(rand(@staff))];
    if ($other->id != $agent->id) {
      $t->SetOwner($other->id, 'Force');
      stamp(last_txn($t, 'Set'), $step->(), $agent);
      $count{owner_change}++;
      $agent = $other;
    }
  }
  next if rand() < 0.15;    # still open
  set_status($t, 'resolved', $step->(), $agent);
  if (rand() < 0.15) {
    # The customer writes back after the resolve: the ticket reopens.
    stamp(note($t, 'Correspond', 'It broke again.'), $step->(), $cust);
    $count{customer_reply}++;
    set_status($t, 'open', $now_t, $cust);
    $sample{reopened} //= $id;
    stamp(note($t, 'Correspond', 'Fixed for good now.', 20), $step->(), $agent);
    $count{agent_reply}++;
    set_status($t, 'resolved', $step->(), $agent);
  }
  if (rand() < 0.3) {
    my ($ok, $m) = $t->AddCustomFieldValue(Field => $cf{CSAT}->id, Value => 1 + int(rand(5)));
    die "csat: $m" unless $ok;
    stamp(last_txn($t, 'CustomField'), $step->(), $cust);
    $count{surveys}++;
  }
  my ($ok, $m) = $t->AddCustomFieldValue(Field => $cf{Topic}->id, Value => (qw(login billing shipping))[$i % 3]);
}

# A customer who wrote twice about the same thing: the later ticket is merged.
my %first;
for my $pair (@by_customer) {
  my ($id, $cust) = @$pair;
  if (my $into = $first{$cust->id}) {
    next if $count{merged} >= 5;
    my $t = RT::Ticket->new($sys);
    $t->Load($id);
    my ($ok, $msg) = $t->MergeInto($into);
    die "merge: $msg" unless $ok;
    $count{merged}++;
    $sample{merged} //= $id;
    $sample{merged_into} //= $into;
  } else {
    $first{$cust->id} = $id;
  }
}

$dbh->do('UPDATE Scrips SET Disabled=0');
print '{' . join(',', map { "\"$_\":$count{$_}" } sort keys %count) . ',"sample":{'
  . join(',', map { "\"$_\":$sample{$_}" } sort keys %sample) . "}}\n";
