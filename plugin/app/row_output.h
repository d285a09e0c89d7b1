// Printing KPI rows: an aligned table for people, JSON and CSV for programs.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "kpi/row.h"

namespace dp::app {

enum class Format { table, json, csv };

void write_rows(std::ostream& out, const std::vector<kpi::Row>& rows, Format format);
std::string row_to_json(const kpi::Row& row);

}  // namespace dp::app
