// URL/credential encoding and HTTP dates.
#include <gtest/gtest.h>

#include "http/client.h"

namespace dp::http {
namespace {

using namespace std::chrono_literals;

TEST(UrlEncode, KeepsUnreservedAndEscapesTheRest) {
  EXPECT_EQ(url_encode("abc-._~XYZ09"), "abc-._~XYZ09");
  EXPECT_EQ(url_encode("a b&c=d/é"), "a%20b%26c%3Dd%2F%C3%A9");
  // Twilio's range filter name carries the operator in the key.
  EXPECT_EQ(url_encode("StartTime>="), "StartTime%3E%3D");
}

TEST(WithQuery, AppendsEncodedParameters) {
  EXPECT_EQ(with_query("http://h/x", {{"limit", "10"}, {"from", "2026-11-23T00:00:00+00:00"}}),
            "http://h/x?limit=10&from=2026-11-23T00%3A00%3A00%2B00%3A00");
  EXPECT_EQ(with_query("http://h/x?a=1", {{"b", "2"}}), "http://h/x?a=1&b=2");
  EXPECT_EQ(with_query("http://h/x", {}), "http://h/x");
}

TEST(JoinUrl, HasExactlyOneSlash) {
  EXPECT_EQ(join_url("https://pbx/api/call-logd/", "/1.0/cdr"),
            "https://pbx/api/call-logd/1.0/cdr");
  EXPECT_EQ(join_url("https://pbx/api/call-logd", "1.0/cdr"), "https://pbx/api/call-logd/1.0/cdr");
}

TEST(BasicAuth, EncodesLikeRfc7617) {
  // RFC 7617 section 2 example.
  EXPECT_EQ(basic_auth("Aladdin", "open sesame"), "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  EXPECT_EQ(basic_auth("a", "b"), "Basic YTpi");
  EXPECT_EQ(basic_auth("ab", "c"), "Basic YWI6Yw==");
}

TEST(HttpDate, ParsesRfc9110AndRfc2822Forms) {
  auto expect = parse_rfc3339("1994-11-06T08:49:37Z");
  EXPECT_EQ(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), expect);
  // Twilio's form (RFC 2822 with a numeric zone), e.g. start_time on a Call.
  EXPECT_EQ(parse_http_date("Tue, 31 Aug 2010 20:36:29 +0000"),
            parse_rfc3339("2010-08-31T20:36:29Z"));
  EXPECT_EQ(parse_http_date("31 Aug 2010 22:36:29 +0200"), parse_rfc3339("2010-08-31T20:36:29Z"));
  EXPECT_EQ(parse_http_date("Wed, 1 Sep 2010 01:00:00 -0500"),
            parse_rfc3339("2010-09-01T06:00:00Z"));
  EXPECT_FALSE(parse_http_date("2010-08-31T20:36:29Z"));
  EXPECT_FALSE(parse_http_date("Tue, 31 Foo 2010 20:36:29 +0000"));
  EXPECT_FALSE(parse_http_date("Tue, 31 Feb 2010 20:36:29 +0000"));
  EXPECT_FALSE(parse_http_date("Tue, 31 Aug 2010 20:36:29"));
  EXPECT_FALSE(parse_http_date(""));
}

TEST(RetryAfter, AcceptsSecondsOrADate) {
  Time now = *parse_rfc3339("2026-11-23T13:00:00Z");
  EXPECT_EQ(parse_retry_after("120", now), Seconds{120});
  EXPECT_EQ(parse_retry_after(" 0 ", now), Seconds{0});
  EXPECT_EQ(parse_retry_after("Mon, 23 Nov 2026 13:00:30 GMT", now), Seconds{30});
  EXPECT_EQ(parse_retry_after("Mon, 23 Nov 2026 12:00:00 GMT", now), Seconds{0});  // past
  EXPECT_FALSE(parse_retry_after("-5", now));
  EXPECT_FALSE(parse_retry_after("soon", now));
  EXPECT_FALSE(parse_retry_after("99999999999999", now));
}

}  // namespace
}  // namespace dp::http
