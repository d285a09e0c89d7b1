#include "helpers.h"

namespace dp::config::test {
namespace {

TEST(ParseDuration, UnitsAndPlainSeconds) {
  struct Case {
    std::string text;
    long long seconds;
  };
  for (const auto& c : std::vector<Case>{{"90", 90},
                                         {"0", 0},
                                         {"30s", 30},
                                         {"5m", 5 * 60},
                                         {"2h", 2 * 3600},
                                         {"1d", 86400},
                                         {"1w", 7 * 86400},
                                         {" 3m ", 180}}) {
    auto d = parse_duration(c.text);
    ASSERT_TRUE(d) << c.text;
    EXPECT_EQ(d->count(), c.seconds) << c.text;
  }
}

TEST(ParseDuration, RejectsNegativesAndJunk) {
  for (std::string bad : {"", "-5m", "5x", "m", "1.5h", "5 m", "1h30m", "abc",
                          "99999999999999999999", "9999999999999999w", "+5s"})
    EXPECT_FALSE(parse_duration(bad)) << "'" << bad << "'";
}

TEST(BlockAccessors, ConvertTheText) {
  Block b;
  b.values = {{"n", "42"},     {"x", "2.5"}, {"yes", "true"},
              {"no", "false"}, {"d", "2m"},  {"junk", "zz"}};
  EXPECT_EQ(b.integer("n"), 42);
  EXPECT_DOUBLE_EQ(b.number("x"), 2.5);
  EXPECT_TRUE(b.boolean("yes"));
  EXPECT_FALSE(b.boolean("no"));
  EXPECT_EQ(b.duration("d"), Seconds(120));
  EXPECT_EQ(b.integer("junk"), 0);
  EXPECT_EQ(b.integer("absent"), 0);
  EXPECT_EQ(b.duration("junk"), Seconds(0));
}

}  // namespace
}  // namespace dp::config::test
