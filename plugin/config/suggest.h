// "did you mean ...?" for misspelt keys, types and names.
#pragma once

#include <string>
#include <vector>

namespace dp::config {

// The candidate closest to `word` when it is close enough to be a typo, else "".
std::string closest(const std::string& word, const std::vector<std::string>& candidates);

// "; did you mean 'x'?" or, when nothing is close, " (known: a, b, c)" ("" if none).
std::string suggestion(const std::string& word, const std::vector<std::string>& candidates);

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ");

}  // namespace dp::config
