// Subject keywords for top_topics when tickets carry no tags (docs/kpis.md,
// "top_topics"; the normalization steps are in docs/statistics.md, "Subject keywords").
#include "kpi/topics.h"

#include <algorithm>
#include <set>

namespace dp::kpi {
namespace {

constexpr size_t kMinWordLength = 3;

// Folds Latin-1 code points U+00C0..U+00FF to ASCII ("perché" -> "perche"); 0 when the
// letter has no ASCII base (it then separates words).
char fold_latin1(unsigned cp) {
  static const char* kMap =
      // C0..DF: ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß
      "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0s"
      // E0..FF: àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ
      "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0y";
  return (cp >= 0xC0 && cp <= 0xFF) ? kMap[cp - 0xC0] : 0;
}

// Lower-case ASCII letters and digits; everything else becomes a space. Accepts UTF-8
// and, for old mail clients, bare Latin-1 bytes.
std::string normalize(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char folded = ' ';
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z')
        folded = char(c - 'A' + 'a');
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
        folded = char(c);
    } else if ((c == 0xC2 || c == 0xC3) && i + 1 < s.size() &&
               (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      unsigned cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
      if (char f = fold_latin1(cp)) folded = f;
      ++i;
    } else if (c >= 0xC0 &&
               (i + 1 >= s.size() || (static_cast<unsigned char>(s[i + 1]) & 0xC0) != 0x80)) {
      if (char f = fold_latin1(c)) folded = f;  // a lone Latin-1 byte
    } else {
      // Any other UTF-8 sequence: skip its continuation bytes, keep one separator.
      while (i + 1 < s.size() && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) ++i;
    }
    out.push_back(folded);
  }
  return out;
}

bool has_digit(const std::string& w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<std::string> subject_terms(const std::string& subject) {
  std::vector<std::string> words;
  const std::string text = normalize(subject);
  for (size_t i = 0; i < text.size();) {
    size_t j = text.find(' ', i);
    if (j == std::string::npos) j = text.size();
    std::string w = text.substr(i, j - i);
    i = j + 1;
    // Numbers and ids ("#4711", "v2", "inc0012") name one ticket, not a topic.
    if (w.size() < kMinWordLength || has_digit(w) || is_stop_word(w)) continue;
    words.push_back(std::move(w));
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  auto add = [&](std::string t) {
    if (seen.insert(t).second) out.push_back(std::move(t));
  };
  for (const auto& w : words) add(w);
  for (size_t k = 0; k + 1 < words.size(); ++k) add(words[k] + " " + words[k + 1]);
  return out;
}

}  // namespace dp::kpi
