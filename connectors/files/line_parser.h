// Parses NDJSON lines one after another into the same memory: the file source's hot
// path. The same RapidJSON flags and depth limit as json::parse (model/json.h), but
// parsed in place in a reused buffer with pooled allocators, so a line costs no
// allocation (json::parse makes a fresh document, pool chunk and parse stack per call;
// that was a third of an import's decoding time).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/json.h"
#include "model/result.h"

namespace dp::files {

class LineParser {
 public:
  LineParser();
  LineParser(const LineParser&) = delete;
  LineParser& operator=(const LineParser&) = delete;

  // The parsed line; valid until the next parse(). Errors read as json::parse's.
  Result<const json::Value*> parse(std::string_view line);

 private:
  using Pool = rapidjson::MemoryPoolAllocator<rapidjson::CrtAllocator>;
  using Document = rapidjson::GenericDocument<rapidjson::UTF8<>, Pool, Pool>;
  static constexpr size_t kPoolBytes = 64 * 1024;

  bool deeper_than_limit(const json::Value& root);

  // Lines larger than the buffers spill into chunks that Clear() gives back.
  std::vector<char> value_buf_, stack_buf_;
  Pool values_, stack_;
  std::optional<Document> doc_;
  std::string text_;  // the line, parsed in place: the values' strings point into it
  std::vector<std::pair<const json::Value*, int>> walk_;
};

// The first member name an object holds twice ("id" in {"id":1,"id":2}); nullopt when
// every name is unique or `obj` is not an object. JSON leaves a repeated name's meaning
// open, so a record that has one is rejected rather than resolved silently.
std::optional<std::string> repeated_member(const json::Value& obj);
// A name that `names` holds twice (linear for a few, n log n for many).
std::optional<std::string_view> repeated_name(std::vector<std::string_view> names);

}  // namespace dp::files
