// The shared tailer (tail/tail.h), as the files and asterisk connectors use it: whole
// lines only, a partial last line left for the next read (taken by a final read),
// rotation to <path>.1, truncation, a rewritten file, and the position stored and
// read back as a cursor, also one an older version wrote.
#include "tail/tail.h"

#include "temp_dir.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace dp::tail {
namespace {

namespace fs = std::filesystem;

using test::TempDir;
using test::write;

std::vector<std::string> texts(const TailRead& r) {
  std::vector<std::string> out;
  for (const auto& l : r.lines) out.push_back(l.text);
  return out;
}

TailRead read_ok(const std::string& path, const Position& from, size_t max = 100,
                 Options opt = {}) {
  auto r = tail_read(path, from, max, opt);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().str());
  return r.ok() ? std::move(r).value() : TailRead{};
}

using Lines = std::vector<std::string>;

TEST(Tailer, PartialLastLineWaitsAndLinesCarryTheirNumbers) {
  TempDir dir;
  auto log = dir.file("log");
  write(log, "a\nb\nhalf");
  TailRead r = read_ok(log, {});
  EXPECT_EQ(texts(r), (Lines{"a", "b"}));
  EXPECT_EQ(r.lines[1].where, log + ":2");
  EXPECT_EQ(r.next.offset, 4u);
  EXPECT_FALSE(r.more);
  EXPECT_TRUE(read_ok(log, r.next).lines.empty());  // still half written
  write(log, " done\nc\n", true);
  TailRead r2 = read_ok(log, r.next);
  EXPECT_EQ(texts(r2), (Lines{"half done", "c"}));
  EXPECT_EQ(r2.lines[0].where, log + ":3");
  EXPECT_TRUE(r2.notes.empty());
}

TEST(Tailer, FinalReadTakesALastLineWithoutNewline) {
  TempDir dir;
  auto data = dir.file("data");
  write(data, "a\r\nb\rlast");
  TailRead r = read_ok(data, {}, 100, {.final = true});
  EXPECT_EQ(texts(r), (Lines{"a", "b", "last"}));
  EXPECT_EQ(r.next.offset, fs::file_size(data));
  // A lone CR at the end ends the line in a final read; an LF that comes later is
  // the rest of that line end, not an empty line.
  write(data, "x\r");
  TailRead cr = read_ok(data, {}, 100, {.final = true});
  EXPECT_EQ(texts(cr), (Lines{"x"}));
  write(data, "\ny\n", true);
  TailRead after = read_ok(data, cr.next);
  EXPECT_EQ(texts(after), (Lines{"y"}));
  EXPECT_EQ(after.lines[0].where, data + ":2");
}

TEST(Tailer, MaxLinesBoundsARead) {
  TempDir dir;
  auto log = dir.file("log");
  write(log, "1\n2\n3\n4\n5\n");
  Position pos;
  Lines all;
  int reads = 0;
  for (bool more = true; more && reads < 10; ++reads) {
    TailRead r = read_ok(log, pos, 2);
    for (auto& t : texts(r)) all.push_back(t);
    pos = r.next;
    more = r.more;
  }
  EXPECT_EQ(all, (Lines{"1", "2", "3", "4", "5"}));
  EXPECT_EQ(reads, 3);
}

TEST(Tailer, RotationFinishesTheOldFileAtDotOneThenReadsTheNewOne) {
  TempDir dir;
  auto log = dir.file("log");
  write(log, "a\nb\n");
  TailRead r = read_ok(log, {});
  write(log, "c\nd", true);  // written before the rotation, not read yet
  fs::rename(log, log + ".1");
  write(log, "e\n");
  TailRead old = read_ok(log, r.next, 1);
  EXPECT_EQ(texts(old), (Lines{"c"}));
  EXPECT_EQ(old.lines[0].where, log + ".1:3");
  EXPECT_TRUE(old.more);
  TailRead rest = read_ok(log, old.next);
  EXPECT_EQ(texts(rest), (Lines{"d"}));  // the old file will not grow: its last line counts
  EXPECT_TRUE(rest.more);
  EXPECT_EQ(rest.next.offset, 0u);  // the new file, from its start
  struct stat st {};
  ASSERT_EQ(::stat(log.c_str(), &st), 0);
  EXPECT_EQ(rest.next.inode, uint64_t(st.st_ino));
  TailRead fresh = read_ok(log, rest.next);
  EXPECT_EQ(texts(fresh), (Lines{"e"}));
  EXPECT_EQ(fresh.lines[0].where, log + ":1");
  EXPECT_FALSE(fresh.more);
  EXPECT_TRUE(old.notes.empty() && rest.notes.empty() && fresh.notes.empty());
}

TEST(Tailer, RotationWithoutTheOldFileSaysLinesMayBeLost) {
  TempDir dir;
  auto log = dir.file("log");
  write(log, "a\n");
  TailRead r = read_ok(log, {});
  write(log, "lost\n", true);
  std::string keep = log + ".keep";
  fs::rename(log, keep);  // kept open elsewhere: the new file gets another inode
  write(log, "new\n");
  TailRead after = read_ok(log, r.next);
  EXPECT_EQ(texts(after), (Lines{"new"}));
  ASSERT_EQ(after.notes.size(), 1u);
  EXPECT_NE(after.notes[0].message.find("lost"), std::string::npos) << after.notes[0].str();
}

TEST(Tailer, TruncatedInPlaceIsReadAgainFromTheStart) {
  TempDir dir;
  auto log = dir.file("log");
  write(log, "a\nb\nc\n");
  TailRead r = read_ok(log, {});
  fs::resize_file(log, 0);
  write(log, "d\n", true);
  TailRead again = read_ok(log, r.next);
  EXPECT_EQ(texts(again), (Lines{"d"}));
  EXPECT_EQ(again.lines[0].where, log + ":1");
  ASSERT_EQ(again.notes.size(), 1u);
  EXPECT_NE(again.notes[0].message.find("shrank"), std::string::npos);
}

TEST(Tailer, RewrittenInPlaceWithTheSameSizeIsReadAgain) {
  TempDir dir;
  auto log = dir.file("log");
  write(log, "one\ntwo\n");
  TailRead r = read_ok(log, {});
  write(log, "one\nTWO\n");  // same inode, same size: the head tells
  TailRead again = read_ok(log, r.next);
  EXPECT_EQ(texts(again), (Lines{"one", "TWO"}));
  ASSERT_EQ(again.notes.size(), 1u);
  EXPECT_NE(again.notes[0].message.find("replaced"), std::string::npos);
  // Appending is not rewriting.
  write(log, "three\n", true);
  TailRead more = read_ok(log, again.next);
  EXPECT_EQ(texts(more), (Lines{"three"}));
  EXPECT_TRUE(more.notes.empty());
}

TEST(Tailer, PositionRoundTripsThroughACursor) {
  TempDir dir;
  auto log = dir.file("log");
  write(log, "a\nb\n");
  TailRead r = read_ok(log, {});
  json::Writer w;
  w.obj_begin();
  write_position(w, r.next);
  w.obj_end();
  auto doc = json::parse(w.str());
  ASSERT_TRUE(doc.ok());
  auto back = read_position(*doc);
  ASSERT_TRUE(back.ok()) << back.error().str();
  EXPECT_EQ(back->inode, r.next.inode);
  EXPECT_EQ(back->offset, 4u);
  EXPECT_EQ(back->line, 2u);
  EXPECT_EQ(back->head, r.next.head);
  EXPECT_FALSE(back->skipping);
  write(log, "c\n", true);
  TailRead next = read_ok(log, *back);
  EXPECT_EQ(texts(next), (Lines{"c"}));
  EXPECT_EQ(next.lines[0].where, log + ":3");
}

TEST(Tailer, CursorsOlderVersionsWroteAreRead) {
  TempDir dir;
  auto log = dir.file("log");
  write(log, "a\nb\n");
  uint64_t inode = read_ok(log, {}).next.inode;
  // The asterisk connector kept the first line's hash as a number: not known now, so
  // the read goes on by inode and size, and the next cursor has a head.
  auto old = json::parse(R"({"inode":)" + std::to_string(inode) +
                         R"(,"offset":2,"line":1,"head":-12345,"skipping":false})");
  ASSERT_TRUE(old.ok());
  auto pos = read_position(*old);
  ASSERT_TRUE(pos.ok());
  EXPECT_FALSE(pos->head.has_value());
  TailRead r = read_ok(log, *pos);
  EXPECT_EQ(texts(r), (Lines{"b"}));
  EXPECT_TRUE(r.notes.empty());
  EXPECT_TRUE(r.next.head.has_value());
  // The files connector's entries: the head as 16 hex digits.
  auto files = json::parse(R"({"offset":4,"line":2,"inode":7,"head":"00000000000000ff"})");
  auto fpos = read_position(*files);
  ASSERT_TRUE(fpos.ok());
  EXPECT_EQ(fpos->head, std::optional<uint64_t>(255));
  for (auto bad : {R"({"offset":"4"})", R"({"offset":-1})", R"({"head":"xyz"})", R"({"head":true})",
                   R"({"skipping":1})"}) {
    auto d = json::parse(bad);
    EXPECT_FALSE(read_position(*d).ok()) << bad;
  }
}

TEST(Tailer, RewindGoesBackToAPositionItGave) {
  TempDir dir;
  auto log = dir.file("log");
  write(log, "a\nb\nc\n");
  auto t = Tail::open(log, {});
  ASSERT_TRUE(t.ok());
  ASSERT_TRUE(t->next().has_value());
  Position after_a = t->position();
  ASSERT_TRUE(t->next().has_value());
  ASSERT_TRUE(t->rewind(after_a).ok());
  auto l = t->next();
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->text, "b");
  EXPECT_EQ(l->number, 2u);
}

TEST(Tailer, SymbolicLinkOnlyWhenAskedDirectoryNever) {
  TempDir dir;
  auto target = dir.file("target");
  write(target, "a\n");
  auto link = dir.file("link");
  fs::create_symlink(target, link);
  auto refused = tail_read(link, {}, 10);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().str().find("symbolic link"), std::string::npos);
  EXPECT_EQ(read_ok(link, {}, 10, {.follow_symlinks = true}).lines.size(), 1u);
  auto on_dir = Tail::open(dir.path.string(), {});
  ASSERT_FALSE(on_dir.ok());
  EXPECT_EQ(on_dir.error().where, dir.path.string());
  EXPECT_EQ(on_dir.error().message, "not a regular file (a directory)");
}

}  // namespace
}  // namespace dp::tail
