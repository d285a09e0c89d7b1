// Reads typed fields from one JSON object and remembers the first problem, so a
// decoder reads like the record's field list and names the failing field for free.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "files/codec.h"

namespace dp::files {

// The ranges fields are held to (README.md, "Errors"): whatever a line says, a
// stored value converts and formats back without overflow.
inline constexpr Seconds kMaxDuration = kLongestRecordDuration;  // 10 years of 365.25 days
inline constexpr Time kFirstTime = kEarliestRecordTime;          // 1970-01-01T00:00:00Z
inline constexpr Time kLastTime = kLatestRecordTime;             // 9999-12-31T23:59:59Z
inline constexpr double kMaxNumber = 1e15;                       // |score|, revenue, ...

class FieldReader {
 public:
  explicit FieldReader(const json::Value& obj) : obj_(obj) {}

  bool failed() const { return err_.has_value(); }
  const Error& error() const { return *err_; }

  std::optional<std::string> str(const char* key, bool required = false);
  // A string, or a number kept as its text (systems send priorities either way).
  std::optional<std::string> text(const char* key, bool required = false);
  // RFC 3339 from kFirstTime to kLastTime; second 60 (a leap second) is refused.
  std::optional<Time> time(const char* key, bool required = false);
  // A finite number within +-kMaxNumber.
  std::optional<double> number(const char* key, bool required = false);
  std::optional<bool> boolean(const char* key);
  // A number of seconds from 0 to kMaxDuration, rounded to whole; 0 when absent.
  Seconds seconds(const char* key);
  std::vector<std::string> string_list(const char* key);

  template <class E>
  std::optional<E> enumeration(const char* key, bool required = false);

  // Members not in `known`, plus the members of an `extra` object, as object text.
  std::string extra(std::span<const FieldSpec> known) const;

  void fail(const char* key, std::string message) {
    if (!err_) err_ = Error{std::move(message), key};
  }

 private:
  // A string field without copying it: valid while the parsed line is.
  std::optional<std::string_view> view(const char* key, bool required);
  const json::Value* present(const char* key, bool required);
  const json::Value* find(const char* key);

  const json::Value& obj_;
  std::optional<Error> err_;
  // Lines are mostly written in the order decoders read them (the encoder's), so the
  // member after the last one found is tried first. Members [0, next_) are fields read
  // so far, in order, as long as in_order_; a key read before is searched for, so a
  // repeated member resolves to its first occurrence as with a plain search.
  std::array<const char*, 16> asked_{};
  size_t n_asked_ = 0;
  uint64_t asked_bits_ = 0;
  size_t next_ = 0;
  bool in_order_ = true;
};

// Number of values of each canonical enum, for listing the allowed ones.
template <class E>
constexpr int kEnumCount = 0;
template <>
inline constexpr int kEnumCount<Channel> = 6;
template <>
inline constexpr int kEnumCount<TicketStatus> = 7;
template <>
inline constexpr int kEnumCount<EventType> = 8;
template <>
inline constexpr int kEnumCount<Direction> = 2;
template <>
inline constexpr int kEnumCount<CallOutcome> = 6;
template <>
inline constexpr int kEnumCount<SurveyKind> = 8;
template <>
inline constexpr int kEnumCount<AgentKind> = 2;

template <class E>
std::optional<E> FieldReader::enumeration(const char* key, bool required) {
  static_assert(kEnumCount<E> > 0);
  auto s = view(key, required);
  if (!s) return std::nullopt;
  if (auto e = enum_from_string<E>(*s)) return e;
  std::string allowed;
  for (int i = 0; i < kEnumCount<E>; ++i) {
    if (i) allowed += ", ";
    allowed += to_string(static_cast<E>(i));
  }
  fail(key, "bad value '" + std::string(*s) + "' (allowed: " + allowed + ")");
  return std::nullopt;
}

}  // namespace dp::files
