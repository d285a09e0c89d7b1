// CSV (RFC 4180) with the canonical column names, turned into the same JSON objects
// the NDJSON files hold so both formats share one decoder.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "files/codec.h"

namespace dp::files {

// A cell: nullopt for an empty unquoted cell (= null); "" only when quoted.
using CsvCell = std::optional<std::string>;

// True when `text` has no quoted field left open, i.e. a newline after it ends the
// record (a quoted field may hold newlines).
bool csv_record_complete(std::string_view text);

// Where the quoted field left open in `text` starts: its cell index (0-based) and
// its line within `text` (0 = the first). nullopt when none is open.
struct OpenQuote {
  size_t cell = 0;
  size_t line = 0;
};
std::optional<OpenQuote> csv_open_quote(std::string_view text);

// One record (without its final newline) -> cells. Error on a stray quote.
Result<std::vector<CsvCell>> split_csv_record(std::string_view record);

// Cells typed by the column's declared type: numbers, booleans, `tags` split on ';',
// an `extra` cell parsed as a JSON object; unknown columns stay strings. A cell that
// does not fit its type is passed on as a string, so the decoder names the field. A
// cell that is not UTF-8 is an error whose `where` is its column.
Result<json::Document> csv_row_to_json(Kind kind, const std::vector<CsvCell>& header,
                                       const std::vector<CsvCell>& cells);

}  // namespace dp::files
