// The default window from the data: whole local days, and an honest error where the
// calendar ends.
#include "app/windows_arg.h"

#include <gtest/gtest.h>

namespace dp::app {
namespace {

Records one_ticket_at(const char* at) {
  Records r;
  Ticket t;
  t.id = "t1";
  t.created_at = *parse_rfc3339(at);
  t.updated_at = t.created_at;
  r.tickets.push_back(t);
  return r;
}

TEST(WindowsArg, TheDataSpanInWholeDays) {
  auto w = windows_from_args("", "", "", "none", "UTC", one_ticket_at("2026-11-23T10:00:00Z"));
  ASSERT_TRUE(w) << w.error().str();
  ASSERT_EQ(w->size(), 1u);
  EXPECT_EQ(w->front().from, *parse_rfc3339("2026-11-23T00:00:00Z"));
  EXPECT_EQ(w->front().to, *parse_rfc3339("2026-11-24T00:00:00Z"));
}

// A record on 9999-12-31 has no next day to end a window: said, not left out.
TEST(WindowsArg, RecordsOnTheLastNameableDayAskForTo) {
  auto w = windows_from_args("", "", "", "none", "UTC", one_ticket_at("9999-12-31T12:00:00Z"));
  ASSERT_FALSE(w);
  EXPECT_NE(w.error().str().find("give --to"), std::string::npos) << w.error().str();
}

}  // namespace
}  // namespace dp::app
