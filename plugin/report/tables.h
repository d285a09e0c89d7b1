// The report's tables, from the model: every figure cell says what it is (title and
// footnote), shows n and the interval where there is one, and marks a small sample.
#pragma once

#include <string>
#include <vector>

#include "report/document.h"
#include "report/model.h"

namespace dp::report {

// Numbers each distinct definition once, in order of first use.
class Footnotes {
 public:
  int number(const std::string& definition);
  const std::vector<std::string>& list() const { return list_; }

 private:
  std::vector<std::string> list_;
};

Table headline_table(const Model& m, Footnotes& fn);
Table figure_table(const Model& m, const std::vector<Figure>& figures, Footnotes& fn);
Table channel_table(const Model& m);
Table topic_table(const Model& m);
Table agent_table(const Model& m, Footnotes& fn);
Table comparison_table(const Model& m, Footnotes& fn);
// Every catalog row of the period (overall report): figure, value, n, interval, definition.
Table catalog_table(const Model& m);

}  // namespace dp::report
