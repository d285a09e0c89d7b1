// The real queue_log and Master.csv samples in /work/shared/data/real (not copied into
// the repository): they must parse without crashing; the counts are printed for the
// record and the coarse ones checked. Skipped where the samples are absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "asterisk/cdr_source.h"
#include "asterisk/queue_log_source.h"

namespace dp::asterisk {
namespace {

const std::string kReal = "/work/shared/data/real/";

bool have(const std::string& rel) {
  return std::filesystem::exists(kReal + rel);
}

std::map<CallOutcome, size_t> by_outcome(const Batch& b) {
  std::map<CallOutcome, size_t> m;
  for (auto& c : b.records.calls) ++m[c.outcome];
  return m;
}

void print(const std::string& name, const Batch& b) {
  std::cout << name << ": " << b.records.calls.size() << " calls (";
  for (auto& [o, n] : by_outcome(b)) std::cout << to_string(o) << " " << n << " ";
  std::cout << "), " << b.records.sessions.size() << " sessions, " << b.rejected.size()
            << " rejected\n";
  for (size_t i = 0; i < b.rejected.size() && i < 3; ++i)
    std::cout << "  " << b.rejected[i].str() << "\n";
}

TEST(RealFiles, KataQueueLog) {
  if (!have("queue_log/kata_2010-02-22.queue_log")) GTEST_SKIP() << "no real samples here";
  AssemblerStats stats;
  auto b = read_queue_log_file(kReal + "queue_log/kata_2010-02-22.queue_log", {}, &stats);
  ASSERT_TRUE(b.ok());
  print("kata", *b);
  // 21 ENTERQUEUE: 8 connected (7 completed), 12 abandoned.
  auto n = by_outcome(*b);
  EXPECT_EQ(n[CallOutcome::abandoned], 12u);
  EXPECT_GE(n[CallOutcome::answered], 7u);
}

TEST(RealFiles, PbxwareQueueLog) {
  if (!have("queue_log/pbxware_2018-11-29.queue_log")) GTEST_SKIP() << "no real samples here";
  AssemblerStats stats;
  auto b = read_queue_log_file(kReal + "queue_log/pbxware_2018-11-29.queue_log", {}, &stats);
  ASSERT_TRUE(b.ok());
  print("pbxware", *b);
  for (auto& [e, k] : stats.unknown) std::cout << "  unknown " << e << " " << k << "\n";
  auto n = by_outcome(*b);
  EXPECT_EQ(n[CallOutcome::abandoned], 12u);
  EXPECT_EQ(n[CallOutcome::timeout], 1u);
  EXPECT_EQ(n[CallOutcome::transferred], 2u);
  EXPECT_GT(b->records.sessions.size(), 0u);
  EXPECT_GT(stats.unknown["OUTDIAL"], 0u);  // outbound dialer events: kept out of the calls
}

TEST(RealFiles, MasterCsvSamples) {
  for (auto name : {"bugadm_2015-03_Master.csv", "kelysaina_2023-07_Master.csv",
                    "mineevburyat_2024-01_Master.csv"}) {
    if (!have(std::string("cdr/") + name)) GTEST_SKIP() << "no real samples here";
    auto b = read_cdr_file(kReal + "cdr/" + name, {});
    ASSERT_TRUE(b.ok());
    print(name, *b);
    EXPECT_GT(b->records.calls.size() + b->rejected.size(), 0u);
  }
}

}  // namespace
}  // namespace dp::asterisk
