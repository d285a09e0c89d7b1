// The initialdata init prints or applies: what it creates, where it grants, and that Perl
// accepts it. Applying it to a real RT (twice, field counts unchanged) is in
// tests/integration/rt_e2e.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "fake_rt.h"
#include "rt/init.h"

namespace dp::rt {
namespace {

RtOptions options() {
  RtOptions o = test::test_options();
  o.queues = {"Support", "Billing"};
  o.own_user = "deskpulse";
  o.ticket_fields = {"KPI First Response (business hours)", "KPI CSAT (30d)"};
  o.user_fields = {"KPI CSAT (30d)"};
  o.field_descriptions["KPI First Response (business hours)"] =
      "first response time, business hours";
  return o;
}

TEST(RtInit, EveryFieldIsLookedUpByNameAndLookupTypeBeforeItIsCreated) {
  const std::string data = initialdata(options());
  // A user field and a ticket field share a name: each is its own object.
  EXPECT_NE(data.find("$field->('KPI CSAT (30d)', 'RT::Queue-RT::Ticket'"), std::string::npos);
  EXPECT_NE(data.find("$field->('KPI CSAT (30d)', 'RT::User'"), std::string::npos);
  EXPECT_NE(data.find("LoadByName(Name => $name, LookupType => $lookup)"), std::string::npos);
  EXPECT_NE(data.find("unless ($cf->id)"), std::string::npos);
  // Rights go on the field objects and on the synced queues; nothing global.
  EXPECT_NE(data.find("qw(SeeCustomField ModifyCustomField)"), std::string::npos);
  EXPECT_NE(data.find("my @scopes = @queues;"), std::string::npos);
  EXPECT_EQ(data.find("AdminUsers"), std::string::npos);
  EXPECT_EQ(data.find("@CustomFields"), std::string::npos);  // RT's own list makes copies
  EXPECT_EQ(data.find("@ACL"), std::string::npos);
  EXPECT_NE(data.find("deskpulse: first response time, business hours (written by deskpulse)"),
            std::string::npos);
}

TEST(RtInit, WithoutQueuesTheRightsAreGlobalAndFieldsGoOnEveryQueueButTheReports) {
  RtOptions o = options();
  o.queues.clear();
  const std::string data = initialdata(o);
  EXPECT_NE(data.find("my @scopes = ($RT::System);"), std::string::npos);
  EXPECT_NE(data.find("grep { $_->Name ne 'KPI Reports' }"), std::string::npos);
}

TEST(RtInit, PerlCompilesIt) {
  RtOptions o = options();
  o.queues.push_back("O'Brien's queue");  // quoted right
  o.ticket_fields.push_back("it's \\ odd");
  auto file = std::filesystem::temp_directory_path() / "deskpulse-initialdata-test.pl";
  std::ofstream(file) << initialdata(o);
  const std::string cmd = "perl -c " + file.string() + " 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[512];
  while (size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  std::filesystem::remove(file);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("syntax OK"), std::string::npos) << out;
}

}  // namespace
}  // namespace dp::rt
