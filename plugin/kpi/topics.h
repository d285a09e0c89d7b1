// Topic extraction for top_topics (docs/kpis.md, "top_topics").
#pragma once

#include <string>
#include <vector>

namespace dp::kpi {

// Normalised keywords and bigrams of a subject: lower-case, accents folded, numbers
// and ids dropped, English and Italian stop words removed. Bigrams as "word1 word2".
std::vector<std::string> subject_terms(const std::string& subject);

}  // namespace dp::kpi
