// Topic extraction for top_topics (docs/kpis.md, "top_topics").
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dp::kpi {

// Normalised keywords and bigrams of a subject: lower-case, accents folded, numbers
// and ids dropped, English and Italian stop words removed. Bigrams as "word1 word2".
// Words shorter than 3 letters are dropped. Each term appears once: the words first, in
// subject order, then the bigrams of adjacent kept words.
std::vector<std::string> subject_terms(const std::string& subject);

// English or Italian stop word, or helpdesk filler ("re", "fwd", "urgent", "grazie"...),
// given lower-case with accents folded.
bool is_stop_word(std::string_view word);

}  // namespace dp::kpi
