// File names of a report post and its attachments, shared by the report renderer (its
// <img src> links) and the sinks that store them, so the two can never disagree.
#pragma once

#include <string>

namespace dp {

// Keeps file names portable whatever a team is called.
inline std::string safe_file_name(const std::string& s) {
  std::string out;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.';
    out += ok ? c : '_';
  }
  return out;
}

// "billing" + "2026-W47" -> "billing-2026-W47"; "" team -> "overall".
inline std::string report_basename(const std::string& team, const std::string& period) {
  return safe_file_name(team.empty() ? "overall" : team) + "-" + safe_file_name(period);
}

// "billing-2026-W47-trend.png"
inline std::string attachment_name(const std::string& team, const std::string& period,
                                   const std::string& filename) {
  return report_basename(team, period) + "-" + safe_file_name(filename);
}

}  // namespace dp
