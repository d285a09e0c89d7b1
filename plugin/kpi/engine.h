// The KPI engine: pure functions from records + context to rows. No I/O.
#pragma once

#include <string>
#include <vector>

#include "kpi/options.h"
#include "kpi/row.h"
#include "model/records.h"
#include "model/result.h"

namespace dp::kpi {

struct CatalogEntry {
  std::string id;
  std::string name;
  std::string family;  // "customer experience", "tickets", "calls", ...
  std::string unit;
  std::string direction;  // "higher" | "lower" | "none"
  std::string definition;
  std::string inputs;  // "survey responses (csat)", ...
  std::vector<std::string> variants;
};

const std::vector<CatalogEntry>& catalog();
const CatalogEntry* find_kpi(const std::string& id);

struct Request {
  std::vector<Window> windows;
  std::vector<GroupBy> groupings{GroupBy::overall};
  std::vector<std::string> kpis;  // empty = all
};

std::vector<Row> compute(const Records& data, const Context& ctx, const Request& req);

}  // namespace dp::kpi
