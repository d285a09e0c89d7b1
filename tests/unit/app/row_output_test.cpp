// CSV for tools, safe to open in a spreadsheet (OWASP CSV injection).
#include "app/row_output.h"

#include <gtest/gtest.h>

namespace dp::app {
namespace {

std::string cell(std::string_view s, bool raw = false) {
  std::string out;
  append_csv(out, s, raw);
  return out;
}

TEST(CsvCell, FormulaLikeTextIsLedByAQuote) {
  EXPECT_EQ(cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
  EXPECT_EQ(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(cell("+cmd"), "\"'+cmd\"");
  EXPECT_EQ(cell("-agent"), "\"'-agent\"");
  EXPECT_EQ(cell("\tx"), "\"'\tx\"");
  EXPECT_EQ(cell("\rx"), "\"'\rx\"");
}

TEST(CsvCell, NumbersAndOrdinaryTextAreUntouched) {
  EXPECT_EQ(cell("-3.5"), "-3.5");
  EXPECT_EQ(cell("-21.9"), "-21.9");
  EXPECT_EQ(cell("42"), "42");
  EXPECT_EQ(cell("alice"), "alice");
  EXPECT_EQ(cell("2026-W47"), "2026-W47");
  EXPECT_EQ(cell(""), "");
}

TEST(CsvCell, QuotesCommasQuotesAndLineBreaksIncludingCr) {
  EXPECT_EQ(cell("a,b"), "\"a,b\"");
  EXPECT_EQ(cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(cell("two\rlines"), "\"two\rlines\"");
}

// A team name from a Latin-1 config file: the output stays UTF-8.
TEST(CsvCell, BytesThatAreNotUtf8BecomeTheReplacementCharacter) {
  EXPECT_EQ(cell("caf\xE9"), "caf\xEF\xBF\xBD");
  EXPECT_EQ(cell("caf\xC3\xA9"), "caf\xC3\xA9");
  EXPECT_EQ(cell("=caf\xE9", true), "=caf\xEF\xBF\xBD");
}

TEST(CsvCell, RawLeavesFormulasAsTheyAre) {
  EXPECT_EQ(cell("=1+1", true), "=1+1");
  EXPECT_FALSE(formula_like("-0.25"));
  EXPECT_TRUE(formula_like("-"));
}

}  // namespace
}  // namespace dp::app
