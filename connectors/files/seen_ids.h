// The ids met so far in one file of a one-shot read, so that an id given on two lines
// is reported with both (the store keeps the later line; an update stream in a tailed
// file is not checked). Compact: 12 bytes per slot (the id's 64-bit hash and its line),
// open addressing at most half full, so a file of millions of records costs tens of
// MB, not the ids' text. Two different ids with the same 64-bit hash would be reported
// as one id given twice: about 1 in 10^7 for a file of a million ids.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace dp::files {

class SeenIds {
 public:
  size_t reported = 0;  // warnings given for this file (the caller caps them)

  // The line `id` was first seen on, or nullopt (and `line` is remembered for it).
  std::optional<uint64_t> first_line(std::string_view id, uint64_t line) {
    if (2 * (used_ + 1) > hashes_.size()) grow();
    uint64_t h = hash(id);
    size_t i = slot(h);
    if (hashes_[i] == h) return lines_[i];
    hashes_[i] = h;
    lines_[i] = uint32_t(std::min<uint64_t>(line, UINT32_MAX));
    ++used_;
    return std::nullopt;
  }

 private:
  static uint64_t hash(std::string_view id) {
    uint64_t h = std::hash<std::string_view>{}(id);
    return h == 0 ? 1 : h;  // 0 marks a free slot
  }
  // The slot holding `h`, or the free one where it goes (linear probing).
  size_t slot(uint64_t h) const {
    const size_t mask = hashes_.size() - 1;
    size_t i = size_t(h * 0x9E3779B97F4A7C15ull >> 11) & mask;
    while (hashes_[i] != 0 && hashes_[i] != h) i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<uint64_t> old_hashes(hashes_.empty() ? 1024 : 2 * hashes_.size(), 0);
    std::vector<uint32_t> old_lines(old_hashes.size(), 0);
    old_hashes.swap(hashes_);
    old_lines.swap(lines_);
    for (size_t k = 0; k < old_hashes.size(); ++k) {
      if (old_hashes[k] == 0) continue;
      size_t i = slot(old_hashes[k]);
      hashes_[i] = old_hashes[k];
      lines_[i] = old_lines[k];
    }
  }

  std::vector<uint64_t> hashes_;  // size a power of two
  std::vector<uint32_t> lines_;
  size_t used_ = 0;
};

}  // namespace dp::files
