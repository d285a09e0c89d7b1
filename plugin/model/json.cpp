#include "model/json.h"

#include <rapidjson/error/en.h>

#include <cmath>
#include <vector>

namespace dp::json {
namespace {

// Walks the parsed tree with an explicit stack, so that the depth check itself
// cannot overflow the call stack.
int depth_of(const Value& root) {
  std::vector<std::pair<const Value*, int>> stack{{&root, 1}};
  int max_depth = 0;
  while (!stack.empty()) {
    auto [v, d] = stack.back();
    stack.pop_back();
    if (d > max_depth) max_depth = d;
    if (d > kMaxJsonDepth) break;
    if (v->IsObject()) {
      for (auto& m : v->GetObject()) stack.push_back({&m.value, d + 1});
    } else if (v->IsArray()) {
      for (auto& e : v->GetArray()) stack.push_back({&e, d + 1});
    }
  }
  return max_depth;
}

}  // namespace

Result<Document> parse(std::string_view text) {
  Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text.data(),
                                                                                    text.size());
  if (doc.HasParseError()) {
    return make_error(std::string("invalid JSON at offset ") +
                      std::to_string(doc.GetErrorOffset()) + ": " +
                      rapidjson::GetParseError_En(doc.GetParseError()));
  }
  if (depth_of(doc) > kMaxJsonDepth)
    return make_error("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  return doc;
}

const Value* member(const Value& obj, const char* key) {
  if (!obj.IsObject()) return nullptr;
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd() || it->value.IsNull()) return nullptr;
  return &it->value;
}

std::optional<std::string> get_string(const Value& obj, const char* key, bool* bad) {
  const Value* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->IsString()) {
    if (bad) *bad = true;
    return std::nullopt;
  }
  return std::string(v->GetString(), v->GetStringLength());
}

std::optional<double> get_number(const Value& obj, const char* key, bool* bad) {
  const Value* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->IsNumber()) {
    if (bad) *bad = true;
    return std::nullopt;
  }
  return v->GetDouble();
}

std::optional<int64_t> get_int(const Value& obj, const char* key, bool* bad) {
  const Value* v = member(obj, key);
  if (!v) return std::nullopt;
  if (v->IsInt64()) return v->GetInt64();
  // A whole double in int64's range (converting one outside it is undefined behaviour).
  if (v->IsDouble()) {
    double d = v->GetDouble();
    if (d >= -9.2e18 && d <= 9.2e18 && d == std::trunc(d)) return int64_t(d);
  }
  if (bad) *bad = true;
  return std::nullopt;
}

std::optional<bool> get_bool(const Value& obj, const char* key, bool* bad) {
  const Value* v = member(obj, key);
  if (!v) return std::nullopt;
  if (!v->IsBool()) {
    if (bad) *bad = true;
    return std::nullopt;
  }
  return v->GetBool();
}

std::string to_string(const Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  v.Accept(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace dp::json
