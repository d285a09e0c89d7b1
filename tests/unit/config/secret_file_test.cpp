// Issue 22: a secret_file is a small private regular file holding one line, and no
// secret (from a file or ${ENV}) can carry a line break into an HTTP header.
#include <sys/stat.h>
#include <sys/types.h>

#include <fstream>

#include "helpers.h"

namespace dp::config::test {
namespace {

namespace fs = std::filesystem;

std::string token_yaml(const fs::path& file) {
  return "connectors:\n  hd:\n    type: fake\n    url: https://rt.example.com\n    token: "
         "{secret_file: " +
         file.string() + "}\n";
}

fs::path write_secret(const TempDir& dir, const std::string& content, mode_t mode = 0600,
                      const std::string& name = "token") {
  fs::path p = dir.path() / name;
  std::ofstream(p, std::ios::binary) << content;
  ::chmod(p.c_str(), mode);
  return p;
}

// The one problem, at the token key, whose message names the file and says `what`,
// and never shows the secret itself.
void expect_refused(const fs::path& file, const std::string& what,
                    const std::string& secret = "s3cret-value") {
  const std::string yaml = token_yaml(file);
  auto r = load(yaml);
  EXPECT_FALSE(r.config.has_value());
  ASSERT_EQ(r.problems.size(), 1u) << all_problems(r);
  const Diagnostic& d = r.problems[0];
  EXPECT_EQ(d.key_path, "connectors.hd.token") << d.str();
  EXPECT_NE(d.message.find(file.string()), std::string::npos) << d.str();
  EXPECT_NE(d.message.find(what), std::string::npos) << d.str();
  EXPECT_EQ(d.str().find(secret), std::string::npos) << d.str();
}

std::string token_of(const fs::path& file) {
  auto r = load(token_yaml(file));
  EXPECT_TRUE(r.config) << all_problems(r);
  return r.config ? r.config->connector("hd")->str("token") : "<refused>";
}

TEST(SecretFile, PrivateRegularFileIsRead) {
  TempDir dir;
  EXPECT_EQ(token_of(write_secret(dir, "s3cret-value\n", 0600)), "s3cret-value");
  EXPECT_EQ(token_of(write_secret(dir, "s3cret-value\r\n", 0400, "b")), "s3cret-value");
  EXPECT_EQ(token_of(write_secret(dir, "s3cret-value", 0600, "c")), "s3cret-value");
}

TEST(SecretFile, ReadableOrWritableByOthersIsRefusedWithTheFix) {
  TempDir dir;
  for (mode_t mode : {0644, 0640, 0604, 0620, 0602, 0666}) {
    fs::path p = write_secret(dir, "s3cret-value\n", mode);
    expect_refused(p, "chmod 600 " + p.string());
    char octal[8];
    std::snprintf(octal, sizeof octal, "%04o", unsigned(mode));
    expect_refused(p, octal);
  }
}

TEST(SecretFile, SymlinkToAPrivateFileIsFine) {
  TempDir dir;
  fs::path target = write_secret(dir, "s3cret-value\n", 0600);
  fs::create_symlink(target, dir.path() / "link");
  EXPECT_EQ(token_of(dir.path() / "link"), "s3cret-value");
}

TEST(SecretFile, OnlyRegularFilesAreRead) {
  TempDir dir;
  fs::path fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  expect_refused(fifo, "not a regular file");  // and does not wait for a writer
  fs::create_directory(dir.path() / "folder");
  ::chmod((dir.path() / "folder").c_str(), 0700);
  expect_refused(dir.path() / "folder", "not a regular file");
  expect_refused("/dev/null", "not a regular file");
  // /dev/zero would otherwise be read until memory runs out.
  fs::create_symlink("/dev/zero", dir.path() / "zero");
  expect_refused(dir.path() / "zero", "not a regular file");
}

TEST(SecretFile, AtMost64KiB) {
  TempDir dir;
  const std::string big(64 * 1024, 'k');
  EXPECT_EQ(token_of(write_secret(dir, big, 0600, "exact")), big);
  expect_refused(write_secret(dir, big + "\n", 0600, "over"), "64 KiB");
  expect_refused(write_secret(dir, big + big, 0600, "double"), "64 KiB");
}

TEST(SecretFile, LineBreaksAndNulInsideAreRefused) {
  TempDir dir;
  for (const std::string& content : std::vector<std::string>{
           "s3cret-value\r\nX-Injected: yes", "s3cret-value\nX-Injected: yes\n", "s3cret-value\n\n",
           "s3cret-value\r\n\r\n", "s3cret-value\rX", "s3cret-value\r",
           std::string("s3cret-value\0x", 14), "\ns3cret-value"}) {
    fs::path p = write_secret(dir, content, 0600);
    expect_refused(p, "line break or NUL");
  }
}

TEST(SecretFile, EmptyFileIsRefused) {
  TempDir dir;
  expect_refused(write_secret(dir, "\n", 0600), "is empty");
}

TEST(SecretEnv, LineBreaksAreRefusedWithoutShowingTheValue) {
  for (const char* value : {"s3cret-value\r\nX-Injected: yes", "s3cret-value\n", "s3cret\rvalue"}) {
    ::setenv("DP_TEST_SECRET_CRLF", value, 1);
    const std::string yaml =
        "connectors:\n  hd:\n    type: fake\n    url: https://rt.example.com\n    token: "
        "${DP_TEST_SECRET_CRLF}\n";
    auto r = load(yaml);
    EXPECT_FALSE(r.config.has_value());
    ASSERT_EQ(r.problems.size(), 1u) << all_problems(r);
    const Diagnostic& d = r.problems[0];
    EXPECT_NE(d.message.find("DP_TEST_SECRET_CRLF"), std::string::npos) << d.str();
    EXPECT_NE(d.message.find("line break"), std::string::npos) << d.str();
    EXPECT_EQ(d.str().find("s3cret"), std::string::npos) << d.str();
  }
  ::unsetenv("DP_TEST_SECRET_CRLF");
}

}  // namespace
}  // namespace dp::config::test
