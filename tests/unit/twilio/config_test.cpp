// twilio_spec() and settings_from(): the keys an admin writes in deskpulse.yaml.
#include <gtest/gtest.h>

#include "twilio/twilio.h"

namespace dp::twilio {
namespace {

config::Block block(std::map<std::string, std::string> values) {
  config::Block b;
  b.type = "twilio";
  b.name = "twilio";
  b.where = "deskpulse.yaml:9:3 connectors.twilio";
  b.values = std::move(values);
  return b;
}

TEST(TwilioConfig, SpecDeclaresTheAuthTokenSecret) {
  auto spec = twilio_spec();
  EXPECT_EQ(spec.type, "twilio");
  bool found = false;
  for (const auto& k : spec.keys)
    if (k.name == "auth_token") {
      found = true;
      EXPECT_EQ(k.type, config::KeyType::secret);
      EXPECT_TRUE(k.required);
    }
  EXPECT_TRUE(found);
}

TEST(TwilioConfig, ReadsTheBlockWithDefaults) {
  auto s = settings_from(block({{"account_sid", "AC1"}, {"auth_token", "tok"}}));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->base_url, "https://api.twilio.com");
  EXPECT_EQ(s->queue, "twilio");
  EXPECT_FALSE(s->since);
  auto t = settings_from(
      block({{"account_sid", "AC1"}, {"auth_token", "tok"}, {"since", "2026-11-01"}}));
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->since, parse_rfc3339("2026-11-01T00:00:00Z"));
}

TEST(TwilioConfig, NamesTheBadKey) {
  auto r = settings_from(block({{"account_sid", "AC1"}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().where, "deskpulse.yaml:9:3 connectors.twilio auth_token");
  EXPECT_FALSE(
      settings_from(block({{"account_sid", "AC1"}, {"auth_token", "t"}, {"page_size", "0"}})).ok());
}

}  // namespace
}  // namespace dp::twilio
