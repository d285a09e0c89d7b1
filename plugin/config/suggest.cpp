#include "config/suggest.h"

#include <algorithm>
#include <cctype>

namespace dp::config {
namespace {

std::size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (same ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::string closest(const std::string& word, const std::vector<std::string>& candidates) {
  // A third of the word's length catches typos without pairing unrelated short names.
  const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
  std::string best;
  std::size_t best_d = limit + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  if (!best.empty() || word.size() < 3) return best;
  // A full word for an abbreviation ("monday" for "mon") is a typo too.
  for (const auto& c : candidates)
    if (c.size() >= 3 && (word.rfind(c, 0) == 0 || c.rfind(word, 0) == 0)) return c;
  return best;
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}

std::string suggestion(const std::string& word, const std::vector<std::string>& candidates) {
  std::string c = closest(word, candidates);
  if (!c.empty()) return "; did you mean '" + c + "'?";
  if (candidates.empty()) return "";
  return " (known: " + join(candidates) + ")";
}

}  // namespace dp::config
