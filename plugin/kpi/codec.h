// The varint codec of the stored partials (kpi/partials.h, "Storage"): LEB128 varints,
// zigzag where a value may be negative, raw IEEE doubles, length-prefixed strings. A
// Reader fails (ok() false) instead of reading past its input. Pure: no I/O.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace dp::kpi {

class Writer {
 public:
  void u8(uint8_t v) { out.push_back(char(v)); }
  void uvar(unsigned __int128 v) {
    while (v >= 0x80) {
      out.push_back(char(uint8_t(v) | 0x80));
      v >>= 7;
    }
    out.push_back(char(uint8_t(v)));
  }
  void svar(__int128 v) {  // zigzag
    const auto u = static_cast<unsigned __int128>(v);
    uvar((u << 1) ^ (v < 0 ? ~static_cast<unsigned __int128>(0) : 0));
  }
  void str(std::string_view s) {
    uvar(s.size());
    out += s;
  }
  void f64(double v) {
    char b[sizeof v];
    std::memcpy(b, &v, sizeof v);
    out.append(b, sizeof v);
  }
  std::string out;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  bool done() const { return pos_ == in_.size(); }
  uint8_t u8() {
    if (pos_ >= in_.size()) return fail(), 0;
    return uint8_t(in_[pos_++]);
  }
  uint64_t uvar() {
    if (pos_ < in_.size() && uint8_t(in_[pos_]) < 0x80) return uint8_t(in_[pos_++]);  // most
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return fail(), 0;
      const auto b = uint8_t(in_[pos_++]);
      v |= uint64_t(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    return fail(), 0;
  }
  int64_t svar() {
    const uint64_t u = uvar();
    return int64_t(u >> 1) ^ -int64_t(u & 1);
  }
  // Sums of squares need 128 bits.
  __int128 svar128() {
    unsigned __int128 u = 0;
    for (int shift = 0; shift < 128; shift += 7) {
      if (pos_ >= in_.size()) return fail(), 0;
      const auto b = uint8_t(in_[pos_++]);
      u |= static_cast<unsigned __int128>(b & 0x7f) << shift;
      if (!(b & 0x80)) return __int128(u >> 1) ^ -__int128(u & 1);
    }
    return fail(), 0;
  }
  double f64() {
    double v = 0;
    if (in_.size() - pos_ < sizeof v) return fail(), 0;
    std::memcpy(&v, in_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return v;
  }
  std::string_view str() {
    const auto n = uvar();
    if (n > in_.size() - pos_) return fail(), std::string_view();
    const std::string_view s = in_.substr(pos_, size_t(n));
    pos_ += size_t(n);
    return s;
  }
  void fail() { ok_ = false; }

 private:
  std::string_view in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace dp::kpi
