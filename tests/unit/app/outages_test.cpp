// After an outage the log says the connector answers again, once.
#include <gtest/gtest.h>

#include "app/cycle.h"

namespace dp::app {
namespace {

CycleReport cycle(std::vector<std::string> up, std::vector<std::string> down) {
  CycleReport r;
  r.up = std::move(up);
  r.down = std::move(down);
  return r;
}

TEST(Outages, AConnectorThatAnswersAgainIsSaidOnce) {
  Outages o;
  EXPECT_TRUE(o.after(cycle({"rt"}, {})).empty());  // never down: nothing to say
  EXPECT_TRUE(o.after(cycle({}, {"rt"})).empty());
  EXPECT_TRUE(o.after(cycle({}, {"rt", "rt"})).empty());
  // Up and down in one cycle (a sync worked, a write failed): still failing.
  EXPECT_TRUE(o.after(cycle({"rt"}, {"rt"})).empty());
  EXPECT_EQ(o.after(cycle({"rt", "asterisk"}, {})),
            std::vector<std::string>{"rt: reachable again after 3 failed cycle(s)"});
  EXPECT_TRUE(o.after(cycle({"rt"}, {})).empty());
}

}  // namespace
}  // namespace dp::app
