// The one JSON helper: RapidJSON behind a small surface. Parsing is iterative (no
// recursion on nested input) and nesting deeper than kMaxJsonDepth is rejected.
#pragma once

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <optional>
#include <string>
#include <string_view>

#include "model/result.h"
#include "model/text.h"
#include "model/time.h"

namespace dp::json {

using Value = rapidjson::Value;
using Document = rapidjson::Document;

inline constexpr int kMaxJsonDepth = 64;

// Text that is not UTF-8 is not JSON (RFC 8259 section 8.1): an error at its offset.
Result<Document> parse(std::string_view text);

// Field access on an object value; nullopt when absent or null. `bad` is set to true
// when the field is present with the wrong type (so callers can name the field).
const Value* member(const Value& obj, const char* key);
std::optional<std::string> get_string(const Value& obj, const char* key, bool* bad = nullptr);
std::optional<double> get_number(const Value& obj, const char* key, bool* bad = nullptr);
std::optional<int64_t> get_int(const Value& obj, const char* key, bool* bad = nullptr);
std::optional<bool> get_bool(const Value& obj, const char* key, bool* bad = nullptr);

// Re-serialise a value (for keeping unknown fields in `extra`).
std::string to_string(const Value& v);

// Streaming writer: json::Writer w; w.obj_begin(); w.key("a"); w.value(1); ...
class Writer {
 public:
  Writer() : w_(buf_) {}
  void obj_begin() { w_.StartObject(); }
  void obj_end() { w_.EndObject(); }
  void arr_begin() { w_.StartArray(); }
  void arr_end() { w_.EndArray(); }
  // Strings are written as valid UTF-8 whatever they hold: a byte that is not UTF-8
  // (from a config file, say; input records are checked when read) becomes U+FFFD.
  void key(std::string_view k) {
    if (!valid_utf8(k)) return key_repaired(k);
    w_.Key(k.data(), rapidjson::SizeType(k.size()));
  }
  void value(std::string_view s) {
    if (!valid_utf8(s)) return value_repaired(s);
    w_.String(s.data(), rapidjson::SizeType(s.size()));
  }
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(double d) { w_.Double(d); }
  void value(int64_t i) { w_.Int64(i); }
  void value(int i) { w_.Int(i); }
  void value(size_t i) { w_.Uint64(i); }
  void value(bool b) { w_.Bool(b); }
  void value(Time t) { value(format_rfc3339(t)); }
  void null() { w_.Null(); }
  template <class T>
  void value(const std::optional<T>& o) {
    if (o)
      value(*o);
    else
      null();
  }
  // Insert pre-serialised JSON (e.g. an `extra` object) as the next value.
  void raw(std::string_view json) { w_.RawValue(json.data(), json.size(), rapidjson::kObjectType); }
  template <class T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  std::string str() const { return std::string(buf_.GetString(), buf_.GetSize()); }
  void reset() {
    buf_.Clear();
    w_.Reset(buf_);
  }

 private:
  void key_repaired(std::string_view k) {
    std::string r = repair_utf8(k);
    w_.Key(r.data(), rapidjson::SizeType(r.size()), true);
  }
  void value_repaired(std::string_view s) {
    std::string r = repair_utf8(s);
    w_.String(r.data(), rapidjson::SizeType(r.size()), true);
  }

  rapidjson::StringBuffer buf_;
  rapidjson::Writer<rapidjson::StringBuffer> w_;
};

}  // namespace dp::json
