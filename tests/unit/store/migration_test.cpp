// Opening state files: new, old (migrated forward), from the future (refused), broken.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>

#include "store/raw_sql.h"
#include "store/sample_records.h"
#include "store/schema.h"
#include "store/store.h"
#include "store/temp_dir.h"

namespace dp {
namespace {

const char* kOldVersionTable =
    "CREATE TABLE schema_version(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);";

TEST(StoreMigration, NewFileGetsLatestSchemaInWalMode) {
  test::TempDir dir;
  ASSERT_TRUE(dir.ok());
  const auto path = dir.file("state.db");
  {
    auto store = Store::open(path);
    ASSERT_TRUE(store) << store.error().str();
    auto c = (*store)->counts();
    ASSERT_TRUE(c) << c.error().str();
    EXPECT_EQ(c->schema_version, Store::latest_schema_version());
    EXPECT_EQ(c->tickets, 0);
  }
  EXPECT_GE(Store::latest_schema_version(), 3);
  EXPECT_EQ(test::raw_int(path, "SELECT count(*) FROM schema_version"),
            int64_t(schema::migrations().size()));
  EXPECT_EQ(test::raw_text(path, "PRAGMA journal_mode"), "wal");
}

TEST(StoreMigration, ReopeningAppliesNothingTwice) {
  test::TempDir dir;
  const auto path = dir.file("state.db");
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(Store::open(path));
  EXPECT_EQ(test::raw_int(path, "SELECT count(*) FROM schema_version"),
            int64_t(schema::migrations().size()));
}

TEST(StoreMigration, VersionOneFileIsMigratedForwardKeepingItsData) {
  test::TempDir dir;
  const auto path = dir.file("old.db");
  test::write_raw(
      path, std::string(kOldVersionTable) + schema::migrations().front().sql +
                "INSERT INTO schema_version VALUES (1, 0);"
                "INSERT INTO customers VALUES ('c:1', 100, NULL, NULL, 'referral', 9.5, '');");

  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().str();
  auto c = (*store)->counts();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->schema_version, Store::latest_schema_version());

  // The old row is intact and the columns and tables added later work.
  Records more;
  more.customers.push_back(test::full_customer("c:2"));
  more.sessions.push_back(test::full_session("s:1"));
  ASSERT_TRUE((*store)->apply(more, "files", std::nullopt));
  auto all = (*store)->load_all();
  ASSERT_TRUE(all) << all.error().str();
  ASSERT_EQ(all->customers.size(), 2u);
  EXPECT_EQ(all->customers[0].id, "c:1");
  EXPECT_EQ(all->customers[0].acquired_via, "referral");
  EXPECT_EQ(all->customers[0].phone, std::nullopt);
  EXPECT_EQ(all->customers[1].phone, "+15550100");
  EXPECT_EQ(all->sessions.size(), 1u);

  // The file as it was is kept beside it, and open() says so.
  EXPECT_EQ(test::raw_int(path + ".bak-v1", "SELECT max(version) FROM schema_version"), 1);
  EXPECT_EQ(test::raw_int(path + ".bak-v1", "SELECT count(*) FROM customers"), 1);
  EXPECT_EQ((*store)->migration_note(), path + ": migrated from schema version 1 to " +
                                            std::to_string(Store::latest_schema_version()) +
                                            "; the old file is kept as " + path + ".bak-v1");
  store->reset();
  auto again = Store::open(path);
  ASSERT_TRUE(again);
  EXPECT_EQ((*again)->migration_note(), "");
}

// Version 8 adds agents' names: agents stored before have none (read as ""), and a
// name stored afterwards reads back.
TEST(StoreMigration, VersionSevenAgentsGetAnEmptyNameAndTakeANewOne) {
  test::TempDir dir;
  const auto path = dir.file("v7.db");
  std::string sql = kOldVersionTable;
  for (const auto& m : schema::migrations())
    if (m.version <= 7)
      sql += std::string(m.sql) + "INSERT INTO schema_version VALUES (" +
             std::to_string(m.version) + ", 0);";
  sql += "INSERT INTO agents VALUES ('alice', 'billing', NULL, 'agent');";
  test::write_raw(path, sql);

  auto store = Store::open(path);
  ASSERT_TRUE(store) << store.error().str();
  EXPECT_EQ((*store)->counts().value().schema_version, Store::latest_schema_version());
  auto before = (*store)->agents();
  ASSERT_TRUE(before) << before.error().str();
  ASSERT_EQ(before->size(), 1u);
  EXPECT_EQ((*before)[0].team, "billing");
  EXPECT_EQ((*before)[0].name, "");

  Records named;
  named.agents = {Agent{"alice", "billing", std::nullopt, AgentKind::agent, "Alice Archer"}};
  ASSERT_TRUE((*store)->apply(named, "files", std::nullopt));
  EXPECT_EQ((*store)->agents().value()[0].name, "Alice Archer");
  EXPECT_EQ(test::raw_text(path, "SELECT name FROM agents WHERE id = 'alice'"), "Alice Archer");
  EXPECT_EQ(test::raw_int(path + ".bak-v7", "SELECT max(version) FROM schema_version"), 7);
}

// compute, report --dry-run and doctor only read: a missing file is not created and an
// old one is not migrated; each is an error naming the path.
TEST(StoreMigration, OpenExistingCreatesNothingAndMigratesNothing) {
  test::TempDir dir;
  const auto missing = dir.file("typo.db");
  auto none = Store::open_existing(missing);
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().str().find(missing + ": no state file here"), std::string::npos)
      << none.error().str();
  EXPECT_FALSE(std::filesystem::exists(missing));

  const auto old = dir.file("old.db");
  test::write_raw(old, std::string(kOldVersionTable) + schema::migrations().front().sql +
                           "INSERT INTO schema_version VALUES (1, 0);");
  auto refused = Store::open_existing(old);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().str().find("schema version 1"), std::string::npos)
      << refused.error().str();
  EXPECT_EQ(test::raw_int(old, "SELECT max(version) FROM schema_version"), 1);
  EXPECT_FALSE(std::filesystem::exists(old + ".bak-v1"));

  const auto current = dir.file("state.db");
  ASSERT_TRUE(Store::open(current));
  EXPECT_TRUE(Store::open_existing(current));
}

TEST(StoreMigration, FileFromANewerVersionIsRefusedAndLeftAlone) {
  test::TempDir dir;
  const auto path = dir.file("future.db");
  const int future = Store::latest_schema_version() + 4;
  test::write_raw(path, std::string(kOldVersionTable) + "INSERT INTO schema_version VALUES (" +
                            std::to_string(future) + ", 0);");

  auto store = Store::open(path);
  ASSERT_FALSE(store);
  const auto msg = store.error().str();
  EXPECT_NE(msg.find(std::to_string(future)), std::string::npos) << msg;
  EXPECT_NE(msg.find(std::to_string(Store::latest_schema_version())), std::string::npos) << msg;
  EXPECT_NE(msg.find(path), std::string::npos) << msg;
  EXPECT_EQ(test::raw_int(path, "SELECT count(*) FROM sqlite_master WHERE name = 'tickets'"), 0);
}

TEST(StoreMigration, NotADatabaseIsAnErrorNotACrash) {
  test::TempDir dir;
  const auto path = dir.file("junk.db");
  std::ofstream(path) << std::string(8192, 'x');
  auto store = Store::open(path);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().str().find(path), std::string::npos) << store.error().str();
}

TEST(StoreMigration, MissingDirectoryIsAnErrorNamingThePath) {
  test::TempDir dir;
  const auto path = dir.file("no/such/dir/state.db");
  auto store = Store::open(path);
  ASSERT_FALSE(store);
  EXPECT_NE(store.error().str().find(path), std::string::npos) << store.error().str();
}

TEST(StoreMigration, InMemoryStoreWorks) {
  auto store = Store::open(":memory:");
  ASSERT_TRUE(store) << store.error().str();
  auto c = (*store)->counts();
  ASSERT_TRUE(c);
  EXPECT_EQ(c->schema_version, Store::latest_schema_version());
}

// A bulk import into an empty state drops the lookup indexes and builds them at the
// end; an import interrupted in between has them built by the next open.
TEST(StoreIndexes, DeferredForAnEmptyStateAndRestoredByTheNextOpen) {
  test::TempDir dir;
  const auto path = dir.file("state.db");
  const std::string lookups =
      "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN "
      "('ticket_events_ticket', 'tickets_contacts', 'ticket_events_status', 'calls_ticket', "
      "'calls_caller', 'surveys_ticket', 'surveys_call')";
  const std::string seqs =
      "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name LIKE '%_seq'";
  {
    auto store = std::move(Store::open(path).value());
    EXPECT_EQ(test::raw_int(path, lookups), 7);
    ASSERT_EQ(store->defer_indexes().value(), true);
    EXPECT_EQ(test::raw_int(path, lookups), 0);
    EXPECT_EQ(test::raw_int(path, seqs), 3);  // each batch reads the latest seq
    Records r;
    r.tickets = {test::full_ticket("t1")};
    r.events = {test::full_event("e1", "t1", 100)};
    ASSERT_TRUE(store->apply(r, "test", std::nullopt));
    EXPECT_EQ(store->defer_indexes().value(), false);  // deferred already
  }                                                    // interrupted: never restored
  {
    auto store = std::move(Store::open(path).value());
    EXPECT_EQ(test::raw_int(path, lookups), 7);
    EXPECT_EQ(test::raw_int(path, "SELECT count(*) FROM store_meta WHERE name LIKE 'deferred%'"),
              0);
    EXPECT_EQ(store->defer_indexes().value(), false);  // records are stored
    EXPECT_EQ(test::raw_int(path, lookups), 7);
    EXPECT_EQ(store->load_all().value().events.size(), 1u);
  }
}

}  // namespace
}  // namespace dp
