// Secrets come from the environment or a file, never from the YAML, and never show.
#include <sys/stat.h>

#include <fstream>

#include "helpers.h"

namespace dp::config::test {
namespace {

std::string fake_block(const std::string& token_yaml) {
  return "connectors:\n  hd:\n    type: fake\n    url: https://rt.example.com\n    token: " +
         token_yaml + "\n";
}

TEST(ConfigSecrets, FromTheEnvironment) {
  ::setenv("DP_TEST_SECRET_A", "s3cret-from-env", 1);
  auto r = load(fake_block("${DP_TEST_SECRET_A}"));
  ASSERT_TRUE(r.config) << all_problems(r);
  const Block* b = r.config->connector("hd");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->str("token"), "s3cret-from-env");
  EXPECT_TRUE(b->secret_keys.count("token"));
  ::unsetenv("DP_TEST_SECRET_A");
}

TEST(ConfigSecrets, UnsetVariableNamesKeyAndVariable) {
  ::unsetenv("DP_TEST_SECRET_UNSET");
  const std::string yaml = fake_block("${DP_TEST_SECRET_UNSET}");
  const auto& d = expect_one(load(yaml), yaml, "connectors.hd.token", "${DP_TEST_SECRET_UNSET}");
  EXPECT_NE(d.message.find("DP_TEST_SECRET_UNSET"), std::string::npos) << d.str();
}

TEST(ConfigSecrets, LiteralValueIsRejectedWithoutRepeatingIt) {
  const std::string yaml = fake_block("hunter2-literal");
  const auto& d = expect_one(load(yaml), yaml, "connectors.hd.token", "hunter2-literal");
  EXPECT_NE(d.message.find("secret_file"), std::string::npos) << d.str();
  EXPECT_EQ(d.str().find("hunter2"), std::string::npos) << d.str();
}

TEST(ConfigSecrets, FromAFileWithTheTrailingNewlineTrimmed) {
  TempDir dir;
  std::ofstream(dir.path() / "token") << "file-secret\n";
  ::chmod((dir.path() / "token").c_str(), 0600);  // a secret_file must be private
  auto r = load(fake_block("{secret_file: " + (dir.path() / "token").string() + "}"));
  ASSERT_TRUE(r.config) << all_problems(r);
  EXPECT_EQ(r.config->connector("hd")->str("token"), "file-secret");
}

TEST(ConfigSecrets, RelativeSecretFileIsTakenFromTheConfigFolder) {
  TempDir dir;
  std::ofstream(dir.path() / "token") << "relative-secret\r\n";
  ::chmod((dir.path() / "token").c_str(), 0600);
  std::ofstream(dir.path() / "c.yaml") << fake_block("{secret_file: token}");
  auto r = load_config((dir.path() / "c.yaml").string(), fake_specs());
  ASSERT_TRUE(r.config) << all_problems(r);
  EXPECT_EQ(r.config->connector("hd")->str("token"), "relative-secret");
}

TEST(ConfigSecrets, UnreadableFileIsReported) {
  TempDir dir;
  const std::string missing = (dir.path() / "nope").string();
  const std::string yaml = fake_block("{secret_file: " + missing + "}");
  const auto& d = expect_one(load(yaml), yaml, "connectors.hd.token", missing);
  EXPECT_NE(d.message.find(missing), std::string::npos) << d.str();
}

TEST(ConfigSecrets, MissingSecretIsRequired) {
  const std::string yaml = "connectors:\n  hd:\n    type: fake\n    url: https://h\n";
  auto r = load(yaml);
  EXPECT_TRUE(problem_at(r, "connectors.hd.token")) << all_problems(r);
}

TEST(ConfigSecrets, RedactHidesEveryResolvedSecret) {
  ::setenv("DP_TEST_SECRET_B", "tok-12345", 1);
  auto r = load(fake_block("${DP_TEST_SECRET_B}"));
  ASSERT_TRUE(r.config) << all_problems(r);
  std::string text = "GET /?token=tok-12345 failed; again tok-12345";
  std::string out = redact(*r.config, text);
  EXPECT_EQ(out.find("tok-12345"), std::string::npos) << out;
  EXPECT_NE(out.find("***"), std::string::npos);
  EXPECT_EQ(redact(*r.config, "nothing secret here"), "nothing secret here");
  ::unsetenv("DP_TEST_SECRET_B");
}

TEST(ConfigEnv, VariablesAreSubstitutedInAnyString) {
  ::setenv("DP_TEST_HOST", "rt.internal", 1);
  ::setenv("DP_TEST_SECRET_C", "x", 1);
  auto r = load(
      "connectors:\n  hd:\n    type: fake\n    token: ${DP_TEST_SECRET_C}\n"
      "    url: https://${DP_TEST_HOST}/rt\n    queues: [\"${DP_TEST_HOST}\"]\n");
  ASSERT_TRUE(r.config) << all_problems(r);
  EXPECT_EQ(r.config->connector("hd")->str("url"), "https://rt.internal/rt");
  EXPECT_EQ(r.config->connector("hd")->list("queues"), std::vector<std::string>{"rt.internal"});
  ::unsetenv("DP_TEST_HOST");
}

TEST(ConfigEnv, UnsetVariableInAString) {
  ::unsetenv("DP_TEST_NOPE");
  const std::string yaml = "report:\n  queue: ${DP_TEST_NOPE}\n";
  const auto& d = expect_one(load(yaml), yaml, "report.queue", "${DP_TEST_NOPE}");
  EXPECT_NE(d.message.find("DP_TEST_NOPE"), std::string::npos);
}

}  // namespace
}  // namespace dp::config::test
