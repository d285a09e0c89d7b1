#include "model/records.h"

#include <gtest/gtest.h>

using namespace dp;

TEST(Records, EnumRoundTrip) {
  EXPECT_EQ(to_string(TicketStatus::new_), "new");
  EXPECT_EQ(enum_from_string<TicketStatus>("merged"), TicketStatus::merged);
  EXPECT_EQ(enum_from_string<CallOutcome>("voicemail"), CallOutcome::voicemail);
  EXPECT_FALSE(enum_from_string<Channel>("fax"));
}

TEST(Records, EventKeyIsStableAndContentSensitive) {
  TicketEvent e;
  e.ticket = "rt:1";
  e.at = *parse_rfc3339("2026-01-01T00:00:00Z");
  e.type = EventType::agent_reply;
  e.actor = "alice";
  e.is_public = true;
  auto k1 = event_key(e);
  EXPECT_EQ(k1, event_key(e));
  e.actor = "bob";
  EXPECT_NE(k1, event_key(e));
}
