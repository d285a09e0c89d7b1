#include "files/line_parser.h"

#include <rapidjson/error/en.h>

#include <algorithm>

namespace dp::files {

LineParser::LineParser()
    : value_buf_(kPoolBytes),
      stack_buf_(kPoolBytes),
      values_(value_buf_.data(), value_buf_.size()),
      stack_(stack_buf_.data(), stack_buf_.size()) {}

Result<const json::Value*> LineParser::parse(std::string_view line) {
  // The document borrows both pools: drop it before they are reset under it.
  doc_.reset();
  values_.Clear();
  stack_.Clear();
  Document& doc = doc_.emplace(&values_, 1024, &stack_);
  text_.assign(line);
  doc.ParseInsitu<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(
      text_.data());
  if (doc.HasParseError())
    return make_error(std::string("invalid JSON at offset ") +
                      std::to_string(doc.GetErrorOffset()) + ": " +
                      rapidjson::GetParseError_En(doc.GetParseError()));
  if (deeper_than_limit(doc))
    return make_error("JSON nested deeper than " + std::to_string(json::kMaxJsonDepth) + " levels");
  return static_cast<const json::Value*>(&doc);
}

// Depth counted as json::parse counts it (the root is 1, each value one more than
// its container); an explicit stack, so the check itself cannot overflow.
bool LineParser::deeper_than_limit(const json::Value& root) {
  walk_.clear();
  walk_.push_back({&root, 1});
  while (!walk_.empty()) {
    auto [v, d] = walk_.back();
    walk_.pop_back();
    bool has_children = (v->IsObject() && v->MemberCount() > 0) || (v->IsArray() && !v->Empty());
    if (has_children && d + 1 > json::kMaxJsonDepth) return true;
    if (v->IsObject()) {
      for (const auto& m : v->GetObject())
        if (m.value.IsObject() || m.value.IsArray()) walk_.push_back({&m.value, d + 1});
    } else if (v->IsArray()) {
      for (const auto& e : v->GetArray())
        if (e.IsObject() || e.IsArray()) walk_.push_back({&e, d + 1});
    }
  }
  return false;
}

std::optional<std::string_view> repeated_name(std::vector<std::string_view> names) {
  if (names.size() <= 32) {  // a record's few fields: no sort
    for (size_t i = 1; i < names.size(); ++i)
      for (size_t k = 0; k < i; ++k)
        if (names[i] == names[k]) return names[i];
    return std::nullopt;
  }
  std::sort(names.begin(), names.end());
  auto dup = std::adjacent_find(names.begin(), names.end());
  if (dup == names.end()) return std::nullopt;
  return *dup;
}

std::optional<std::string> repeated_member(const json::Value& obj) {
  if (!obj.IsObject()) return std::nullopt;
  std::vector<std::string_view> names;
  names.reserve(obj.MemberCount());
  for (const auto& m : obj.GetObject())
    names.emplace_back(m.name.GetString(), m.name.GetStringLength());
  if (auto dup = repeated_name(std::move(names))) return std::string(*dup);
  return std::nullopt;
}

}  // namespace dp::files
