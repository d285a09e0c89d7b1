// wazo_spec() and settings_from(): the keys an admin writes in deskpulse.yaml.
#include <gtest/gtest.h>

#include "wazo/wazo.h"

namespace dp::wazo {
namespace {

config::Block block(std::map<std::string, std::string> values) {
  config::Block b;
  b.type = "wazo";
  b.name = "phones";
  b.where = "deskpulse.yaml:3:3 connectors.phones";
  b.values = std::move(values);
  return b;
}

TEST(WazoConfig, SpecDeclaresTheTokenSecretAndTheSharedHttpKeys) {
  auto spec = wazo_spec();
  EXPECT_EQ(spec.type, "wazo");
  EXPECT_TRUE(spec.source);
  auto find = [&](const std::string& name) {
    for (const auto& k : spec.keys)
      if (k.name == name) return &k;
    return static_cast<const config::KeySpec*>(nullptr);
  };
  ASSERT_TRUE(find("token"));
  EXPECT_EQ(find("token")->type, config::KeyType::secret);
  EXPECT_TRUE(find("token")->required);
  EXPECT_TRUE(find("url")->required);
  ASSERT_TRUE(find("verify_tls"));
  EXPECT_EQ(find("verify_tls")->default_value, "true");
}

TEST(WazoConfig, ReadsTheBlock) {
  auto b = block({{"url", "https://pbx/api/call-logd"},
                  {"token", "t"},
                  {"since", "2026-11-01"},
                  {"page_size", "500"},
                  {"call_status", ""},
                  {"include_internal", "true"}});
  b.lists["queue_by_extension"] = {"8000=support"};
  auto s = settings_from(b);
  ASSERT_TRUE(s.ok()) << s.error().str();
  EXPECT_EQ(s->since, parse_rfc3339("2026-11-01T00:00:00Z"));
  EXPECT_EQ(s->page_size, 500);
  EXPECT_EQ(s->call_status, "");
  EXPECT_TRUE(s->mapping.include_internal);
  EXPECT_EQ(s->mapping.queue_by_extension.at("8000"), "support");
}

TEST(WazoConfig, NamesTheBadKey) {
  auto big = settings_from(block({{"url", "u"}, {"token", "t"}, {"page_size", "5000"}}));
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().where, "deskpulse.yaml:3:3 connectors.phones page_size");
  EXPECT_FALSE(settings_from(block({{"url", "u"}, {"token", "t"}, {"since", "last week"}})).ok());
  EXPECT_FALSE(settings_from(block({{"url", "u"}})).ok());
  auto b = block({{"url", "u"}, {"token", "t"}});
  b.lists["queue_by_extension"] = {"8000"};
  EXPECT_FALSE(settings_from(b).ok());
}

}  // namespace
}  // namespace dp::wazo
