// The canonical exports of two real systems decode without a single rejection.
#include <gtest/gtest.h>

#include <filesystem>

#include "files/source.h"

namespace dp::files {
namespace {

void expect_clean(const std::string& dir, size_t min_records) {
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << dir << " is not on this machine";
  auto batch = read_directory(dir);
  ASSERT_TRUE(batch.ok()) << batch.error().str();
  for (size_t i = 0; i < batch->rejected.size() && i < 5; ++i)
    ADD_FAILURE() << batch->rejected[i].str();
  EXPECT_EQ(batch->rejected.size(), 0u);
  EXPECT_GE(batch->records.size(), min_records);
}

TEST(RealData, HelpdeskExport) {
  expect_clean("/work/shared/data/real/helpdesk/data", 1000);
}

TEST(RealData, AnonbankCalls) {
  expect_clean("/work/shared/data/real/anonbank/data", 1000);
}

}  // namespace
}  // namespace dp::files
