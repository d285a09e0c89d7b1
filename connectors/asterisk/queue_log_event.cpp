#include "asterisk/queue_log_event.h"

#include "asterisk/text.h"

namespace dp::asterisk {

const std::string& QueueLogEvent::arg(size_t n) const {
  static const std::string empty;
  return n >= 1 && n <= data.size() ? data[n - 1] : empty;
}

namespace {

std::vector<std::string> split_line(std::string_view line, bool& ok) {
  ok = true;
  // The first four separators tell the form: data columns may hold either character.
  size_t bar = line.find('|');
  if (bar != std::string_view::npos && bar < line.find(',')) return split_pipes(line);
  auto csv = split_csv(line);
  if (!csv) {
    ok = false;
    return {};
  }
  // A DB export keeps the old `data` column as "a|b|c": unfold it into data1.. again.
  std::vector<std::string> out;
  for (auto& f : *csv) {
    if (out.size() >= 5 && f.find('|') != std::string::npos) {
      for (auto& part : split_pipes(f)) out.push_back(std::move(part));
    } else {
      out.push_back(std::move(f));
    }
  }
  return out;
}

bool valid_event_name(std::string_view e) {
  if (e.empty() || e.size() > 40) return false;
  for (char c : e)
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

}  // namespace

bool is_queue_log_header(std::string_view line) {
  bool ok;
  auto f = split_line(trim(line), ok);
  return ok && f.size() >= 5 && (f[4] == "event" || f[4] == "EVENT" || f[4] == "Event");
}

Result<QueueLogEvent> parse_queue_log_line(std::string_view line, const std::string& time_zone) {
  line = trim(line);
  if (line.empty()) return make_error("empty line");
  bool ok;
  auto f = split_line(line, ok);
  if (!ok) return make_error("unterminated quote");
  if (f.size() < 5)
    return make_error("expected time|callid|queue|agent|event[|data...], got " +
                      std::to_string(f.size()) + " field(s)");
  QueueLogEvent ev;
  auto at = parse_timestamp(f[0], time_zone);
  if (!at)
    return make_error("bad timestamp '" + sanitize_utf8(f[0]) +
                          "' (seconds since 1970 or a date, years 1970 to 9999)",
                      "time");
  ev.at = *at;
  ev.callid = sanitize_utf8(trim(f[1]));
  ev.queue = sanitize_utf8(trim(f[2]));
  ev.agent = sanitize_utf8(trim(f[3]));
  ev.event = std::string(trim(f[4]));
  if (!valid_event_name(ev.event))
    return make_error("bad event name '" + sanitize_utf8(f[4]) + "'");
  if (ev.callid.empty()) return make_error("empty callid");
  for (size_t i = 5; i < f.size(); ++i) ev.data.push_back(sanitize_utf8(trim(f[i])));
  while (!ev.data.empty() && ev.data.back().empty()) ev.data.pop_back();
  return ev;
}

}  // namespace dp::asterisk
