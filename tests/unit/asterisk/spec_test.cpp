// Key tables and factories: what the app registry calls with a validated block.
#include "asterisk/spec.h"

#include <gtest/gtest.h>

#include "fixtures.h"

namespace dp::asterisk {
namespace {

config::Block block(std::string type) {
  config::Block b;
  b.type = std::move(type);
  b.name = "pbx";
  b.where = "deskpulse.yaml:3:3 connectors.pbx";
  b.values["path"] = test::fixture("day.queue_log");
  return b;
}

TEST(Spec, KeysDeclaredOnce) {
  auto q = asterisk_queue_log_spec();
  EXPECT_EQ(q.type, "asterisk-queue-log");
  EXPECT_TRUE(q.source);
  std::vector<std::string> names;
  for (auto& k : q.keys) names.push_back(k.name);
  EXPECT_EQ(names,
            (std::vector<std::string>{"path", "time_zone", "wrapuptime", "wrapuptime_by_queue",
                                      "wrapup_pause_reason", "queues", "batch_lines"}));
  EXPECT_TRUE(q.keys[0].required);
  EXPECT_EQ(asterisk_cdr_spec().type, "asterisk-cdr");
}

TEST(Spec, OptionsFromABlock) {
  auto b = block("asterisk-queue-log");
  b.values["time_zone"] = "Europe/Paris";
  b.values["wrapuptime"] = "1m";
  b.values["batch_lines"] = "100";
  b.values["wrapup_pause_reason"] = "acw";
  b.lists["wrapuptime_by_queue"] = {"support=30s", "sales=2m"};
  b.lists["queues"] = {"support"};
  auto o = queue_log_options(b);
  ASSERT_TRUE(o.ok()) << o.error().str();
  EXPECT_EQ(o->time_zone, "Europe/Paris");
  EXPECT_EQ(o->wrapuptime, Seconds{60});
  EXPECT_EQ(o->wrapuptime_by_queue.at("sales"), Seconds{120});
  EXPECT_EQ(o->batch_lines, 100u);
  EXPECT_EQ(o->queues, std::vector<std::string>{"support"});
  auto src = make_queue_log_source(b);
  ASSERT_TRUE(src.ok());
  EXPECT_EQ((*src)->name(), "pbx");
  EXPECT_TRUE((*src)->health_check().ok());
}

TEST(Spec, BadEntriesNamed) {
  auto b = block("asterisk-queue-log");
  b.lists["wrapuptime_by_queue"] = {"support"};
  auto o = queue_log_options(b);
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().str().find("wrapuptime_by_queue"), std::string::npos);
  auto c = block("asterisk-cdr");
  c.values["time_zone"] = "Mars/Olympus";
  EXPECT_FALSE(make_cdr_source(c).ok());
  c.values["time_zone"] = "UTC";
  c.lists["queue_by_context"] = {"from-pstn=inbound"};
  c.values["skip_queue_calls"] = "true";
  auto co = cdr_options(c);
  ASSERT_TRUE(co.ok());
  EXPECT_TRUE(co->skip_queue_calls);
  EXPECT_EQ(co->queue_by_context.at("from-pstn"), "inbound");
}

}  // namespace
}  // namespace dp::asterisk
