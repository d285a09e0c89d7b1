// Errors as values at module boundaries (g++ 12 has no std::expected).
#pragma once

#include <string>
#include <utility>
#include <variant>

#include "model/text.h"

namespace dp {

struct Error {
  std::string message;
  // Where the problem is, when it comes from input: "file:line" or a key path.
  std::string where;

  // One line, safe for a terminal and a log: control bytes and bytes that are not
  // UTF-8 (from input, a server's answer) are shown as \xNN.
  std::string str() const { return printable(where.empty() ? message : where + ": " + message); }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Error e) : v_(std::move(e)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error e) : err_(std::move(e)), ok_(false) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }

 private:
  Error err_;
  bool ok_ = true;
};

inline Error make_error(std::string message, std::string where = {}) {
  return Error{std::move(message), std::move(where)};
}

}  // namespace dp
