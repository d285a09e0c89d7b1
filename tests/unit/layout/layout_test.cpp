// The shape of the tree, checked so it cannot rot (STYLE.md, "Telegraf"): every
// connector folder reads on its own, with a README for users, an example config block,
// its code and its tests.
#include <gtest/gtest.h>

#include <filesystem>

namespace fs = std::filesystem;

TEST(Layout, EveryConnectorHasReadmeExampleCodeAndTests) {
  fs::path root = fs::path(DP_SOURCE_DIR) / "connectors";
  size_t connectors = 0;
  for (const auto& e : fs::directory_iterator(root)) {
    if (!e.is_directory()) continue;
    std::string name = e.path().filename().string();
    EXPECT_TRUE(fs::exists(e.path() / "README.md")) << name << " has no README.md";
    EXPECT_TRUE(fs::exists(e.path() / "CMakeLists.txt")) << name << " has no CMakeLists.txt";
    bool has_code = false;
    for (const auto& f : fs::directory_iterator(e.path()))
      has_code = has_code || f.path().extension() == ".cpp";
    EXPECT_TRUE(has_code) << name << " has no code";
    if (name == "http" || name == "tail") continue;  // shared code, not connectors
    ++connectors;
    EXPECT_TRUE(fs::exists(e.path() / "example.yaml")) << name << " has no example.yaml";
    bool tested = fs::exists(fs::path(DP_SOURCE_DIR) / "tests" / "unit" / name) ||
                  fs::exists(fs::path(DP_SOURCE_DIR) / "tests" / "integration" / name);
    EXPECT_TRUE(tested) << name << " has no tests/unit/" << name;
  }
  EXPECT_GE(connectors, 6u);
}
