#include "files/field_reader.h"

#include <cmath>
#include <cstring>

namespace dp::files {
namespace {

std::string type_name(const json::Value& v) {
  if (v.IsString()) return "a string";
  if (v.IsNumber()) return "a number";
  if (v.IsBool()) return "a boolean";
  if (v.IsArray()) return "an array";
  if (v.IsObject()) return "an object";
  return "null";
}

}  // namespace

const json::Value* FieldReader::find(const char* key) {
  if (!obj_.IsObject()) return nullptr;
  const size_t len = std::strlen(key);
  // A cheap fingerprint of the key: when its bit is clear, the key was not asked for.
  const uint64_t bit = uint64_t(1)
                       << ((len * 7 + unsigned(key[0]) + unsigned(key[len ? len - 1 : 0])) & 63);
  const auto asked_before = [&] {
    if (!(asked_bits_ & bit)) return false;
    for (size_t i = 0; i < n_asked_; ++i)
      if (asked_[i] == key || std::strcmp(asked_[i], key) == 0) return true;
    return false;
  };
  const auto begin = obj_.MemberBegin();
  const size_t n = obj_.MemberCount();
  const json::Value* found = nullptr;
  if (in_order_ && next_ < n) {
    const json::Value& name = begin[next_].name;
    if (name.GetStringLength() == len && std::memcmp(name.GetString(), key, len) == 0 &&
        !asked_before())
      found = &begin[next_++].value;
  }
  if (!found) {
    const auto it = obj_.FindMember(key);
    if (it != obj_.MemberEnd()) {
      found = &it->value;
      if (size_t(it - begin) >= next_) in_order_ = false;
    }
  }
  if (n_asked_ < asked_.size()) {
    asked_[n_asked_++] = key;
    asked_bits_ |= bit;
  } else {
    in_order_ = false;
  }
  return found;
}

const json::Value* FieldReader::present(const char* key, bool required) {
  if (failed()) return nullptr;
  const json::Value* v = find(key);
  if (v && v->IsNull()) v = nullptr;  // null is absent, as in json::member
  if (!v && required) fail(key, "missing required field");
  return v;
}

std::optional<std::string_view> FieldReader::view(const char* key, bool required) {
  const json::Value* v = present(key, required);
  if (!v) return std::nullopt;
  if (!v->IsString()) {
    fail(key, "wrong type: want a string, got " + type_name(*v));
    return std::nullopt;
  }
  return std::string_view(v->GetString(), v->GetStringLength());
}

std::optional<std::string> FieldReader::str(const char* key, bool required) {
  auto s = view(key, required);
  if (!s) return std::nullopt;
  return std::string(*s);
}

std::optional<std::string> FieldReader::text(const char* key, bool required) {
  const json::Value* v = present(key, required);
  if (!v) return std::nullopt;
  if (v->IsInt64()) return std::to_string(v->GetInt64());
  if (v->IsNumber()) return json::to_string(*v);
  return str(key, required);
}

std::optional<Time> FieldReader::time(const char* key, bool required) {
  auto s = view(key, required);
  if (!s) return std::nullopt;
  auto t = parse_rfc3339(*s);
  if (!t) {
    fail(key, "bad time '" + std::string(*s) + "' (want RFC 3339, e.g. 2026-08-24T09:30:00Z)");
    return std::nullopt;
  }
  // parse_rfc3339 reads second 60 as the next minute's 0, which past 9999-12-31
  // cannot be formatted again; a leap second is refused, not moved.
  if (s->size() >= 19 && s->substr(17, 2) == "60") {
    fail(key, "bad time '" + std::string(*s) + "': leap second 60 is not accepted");
    return std::nullopt;
  }
  if (*t < kFirstTime || *t > kLastTime) {
    fail(key, "time '" + std::string(*s) +
                  "' out of range (from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z)");
    return std::nullopt;
  }
  return t;
}

std::optional<double> FieldReader::number(const char* key, bool required) {
  const json::Value* v = present(key, required);
  if (!v) return std::nullopt;
  if (!v->IsNumber()) {
    fail(key, "wrong type: want a number, got " + type_name(*v));
    return std::nullopt;
  }
  double d = v->GetDouble();
  if (!std::isfinite(d) || std::fabs(d) > kMaxNumber) {
    fail(key, "out of range: want a number from -1e15 to 1e15");
    return std::nullopt;
  }
  return d;
}

std::optional<bool> FieldReader::boolean(const char* key) {
  const json::Value* v = present(key, false);
  if (!v) return std::nullopt;
  if (!v->IsBool()) {
    fail(key, "wrong type: want true or false, got " + type_name(*v));
    return std::nullopt;
  }
  return v->GetBool();
}

Seconds FieldReader::seconds(const char* key) {
  const json::Value* v = present(key, false);
  if (!v) return Seconds{0};
  if (!v->IsNumber()) {
    fail(key, "wrong type: want a number, got " + type_name(*v));
    return Seconds{0};
  }
  // Checked as a double before any conversion: llround of a double past int64 is
  // undefined (it gave INT64_MIN, which passed a ">= 0" test made afterwards).
  double n = v->GetDouble();
  if (!std::isfinite(n) || n < 0 || n > double(kMaxDuration.count())) {
    fail(key, "out of range: want seconds from 0 to " + std::to_string(kMaxDuration.count()) +
                  " (10 years)");
    return Seconds{0};
  }
  return Seconds{std::llround(n)};
}

std::vector<std::string> FieldReader::string_list(const char* key) {
  std::vector<std::string> out;
  const json::Value* v = present(key, false);
  if (!v) return out;
  if (!v->IsArray()) {
    fail(key, "wrong type: want an array of strings, got " + type_name(*v));
    return out;
  }
  out.reserve(v->Size());
  for (const auto& e : v->GetArray()) {
    if (!e.IsString()) {
      fail(key, "wrong type: want an array of strings, found " + type_name(e));
      return {};
    }
    out.emplace_back(e.GetString(), e.GetStringLength());
  }
  return out;
}

std::string FieldReader::extra(std::span<const FieldSpec> known) const {
  json::Writer w;
  bool any = false;
  auto add = [&](const char* name, rapidjson::SizeType len, const json::Value& v) {
    if (!any) w.obj_begin();
    any = true;
    w.key(std::string_view(name, len));
    w.raw(json::to_string(v));
  };
  size_t i = 0;
  for (const auto& m : obj_.GetObject()) {
    std::string_view name(m.name.GetString(), m.name.GetStringLength());
    const size_t at = i++;
    if (name == "extra") {
      if (!m.value.IsObject()) {
        add(m.name.GetString(), m.name.GetStringLength(), m.value);
        continue;
      }
      for (const auto& e : m.value.GetObject())
        add(e.name.GetString(), e.name.GetStringLength(), e.value);
      continue;
    }
    // Canonical lines hold the fields in the table's order: that place is tried first.
    bool is_known = at < known.size() && known[at].name == name;
    for (size_t k = 0; k < known.size() && !is_known; ++k) is_known = known[k].name == name;
    if (!is_known) add(m.name.GetString(), m.name.GetStringLength(), m.value);
  }
  if (!any) return {};
  w.obj_end();
  return w.str();
}

}  // namespace dp::files
