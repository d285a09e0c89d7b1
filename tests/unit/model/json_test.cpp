#include "model/json.h"

#include <gtest/gtest.h>

using namespace dp;

TEST(Json, ParsesAndReadsFields) {
  auto d = json::parse(R"({"a":"x","n":3,"b":true,"z":null})");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(json::get_string(*d, "a"), "x");
  EXPECT_EQ(json::get_int(*d, "n"), 3);
  // A double outside int64's range is not an integer (converting it is undefined).
  auto big = json::parse(R"({"n": 1e19, "m": -1e300})");
  ASSERT_TRUE(big.ok());
  bool not_int = false;
  EXPECT_EQ(json::get_int(*big, "n", &not_int), std::nullopt);
  EXPECT_TRUE(not_int);
  EXPECT_EQ(json::get_int(*big, "m"), std::nullopt);
  EXPECT_EQ(json::get_bool(*d, "b"), true);
  EXPECT_FALSE(json::get_string(*d, "z"));
  bool bad = false;
  EXPECT_FALSE(json::get_string(*d, "n", &bad));
  EXPECT_TRUE(bad);
}

TEST(Json, RejectsGarbageAndDeepNesting) {
  EXPECT_FALSE(json::parse("{").ok());
  EXPECT_FALSE(json::parse(std::string(100000, '[')).ok());
  std::string deep = std::string(65, '[') + std::string(65, ']');
  EXPECT_FALSE(json::parse(deep).ok());
  std::string ok = std::string(10, '[') + std::string(10, ']');
  EXPECT_TRUE(json::parse(ok).ok());
}

TEST(Json, WriterEscapes) {
  json::Writer w;
  w.obj_begin();
  w.field("s", std::string("a\"b"));
  w.field("n", 2);
  w.key("o");
  w.value(std::optional<std::string>{});
  w.obj_end();
  EXPECT_EQ(w.str(), R"({"s":"a\"b","n":2,"o":null})");
}
