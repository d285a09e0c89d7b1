#include "asterisk/cdr.h"

#include <cstdint>
#include <map>

#include "asterisk/log_file.h"
#include "asterisk/text.h"
#include "model/json.h"

namespace dp::asterisk {

namespace {

bool looks_like_uniqueid(std::string_view s) {
  // "1427211880.0", or "<systemname>-1427211880.0" when asterisk.conf sets systemname.
  size_t dot = s.rfind('.');
  if (dot == std::string_view::npos || dot + 1 == s.size()) return false;
  size_t start = dot;
  while (start > 0 && s[start - 1] >= '0' && s[start - 1] <= '9') --start;
  return start < dot && parse_int(s.substr(dot + 1)).has_value();
}

const std::map<std::string, CallOutcome, std::less<>>& dispositions() {
  static const std::map<std::string, CallOutcome, std::less<>> m = {
      {"ANSWERED", CallOutcome::answered},
      {"NO ANSWER", CallOutcome::abandoned},
      {"BUSY", CallOutcome::blocked},
      {"FAILED", CallOutcome::blocked},
      {"CONGESTION", CallOutcome::blocked}};
  return m;
}

Error layout_error(size_t n, const std::string& why) {
  return make_error("unknown CDR layout (" + std::to_string(n) + " columns): " + why);
}

// A date column that holds a number or a date out of range is not a layout problem.
Error date_error(size_t n, size_t column, const char* name, const std::string& text) {
  if (parse_int(text.substr(0, text.find('.'))) || parse_rfc3339(text))
    return make_error("column " + std::to_string(column) + " (" + name + ") '" + text +
                          "' is out of range (years 1970 to 9999)",
                      name);
  return layout_error(
      n, "column " + std::to_string(column) + " (" + name + ") is not a date: '" + text + "'");
}

Error duration_error(size_t column, const char* name, const std::string& text) {
  return make_error("column " + std::to_string(column) + " (" + name + ") '" + text +
                        "' is out of range (0 to " + std::to_string(kLongestDuration.count()) +
                        " s)",
                    name);
}

}  // namespace

Result<CdrRecord> parse_cdr_line(std::string_view line, const std::string& zone) {
  auto fields = split_csv(trim(line));
  if (!fields) return make_error("unterminated quote");
  auto& f = *fields;
  const size_t n = f.size();
  if (n < 16 || n > 21)
    return layout_error(n, "cdr_csv writes 16 to 21 (see connectors/asterisk/README.md)");
  for (auto& s : f) s = sanitize_utf8(s);
  CdrRecord r;
  r.columns = n;
  r.accountcode = f[0];
  r.src = f[1];
  r.dst = f[2];
  r.dcontext = f[3];
  r.clid = f[4];
  r.channel = f[5];
  r.dstchannel = f[6];
  r.lastapp = f[7];
  r.lastdata = f[8];
  auto start = parse_timestamp(f[9], zone);
  if (!start) return date_error(n, 10, "start", f[9]);
  auto end = parse_timestamp(f[11], zone);
  if (!end) return date_error(n, 12, "end", f[11]);
  r.start = *start;
  r.end = *end;
  if (!f[10].empty()) {
    r.answer = parse_timestamp(f[10], zone);
    if (!r.answer) return date_error(n, 11, "answer", f[10]);
  }
  if (!parse_int(f[12]) || !parse_int(f[13]))
    return layout_error(n, "columns 13-14 (duration, billsec) are not numbers");
  auto duration = parse_duration_arg(f[12]);
  if (!duration) return duration_error(13, "duration", f[12]);
  auto billsec = parse_duration_arg(f[13]);
  if (!billsec) return duration_error(14, "billsec", f[13]);
  r.duration = *duration;
  r.billsec = *billsec;
  r.disposition = f[14];
  r.amaflags = f[15];
  bool has_new = n >= 19;
  size_t optional_count = n - 16 - (has_new ? 3 : 0);
  size_t i = 16;
  if (optional_count == 2 || (optional_count == 1 && looks_like_uniqueid(f[16])))
    r.uniqueid = f[i++];
  if (optional_count == 2 || (optional_count == 1 && r.uniqueid.empty())) r.userfield = f[i++];
  if (has_new) {
    r.peeraccount = f[i++];
    r.linkedid = f[i++];
    r.sequence = parse_int_in(f[i], INT32_MIN, INT32_MAX);  // Asterisk writes an int
    if (!r.sequence)
      return layout_error(n, "last column (sequence) is not a number: '" + f[i] + "'");
  }
  if (!dispositions().count(r.disposition))
    return make_error("unknown disposition '" + r.disposition + "'");
  return r;
}

std::string channel_peer(std::string_view channel) {
  // Asterisk names a channel <tech>/<peer>-<hex sequence>[;n] (;1/;2 on Local halves).
  size_t semi = channel.rfind(';');
  if (semi != std::string_view::npos && channel.find('/') < semi) channel = channel.substr(0, semi);
  size_t dash = channel.rfind('-');
  if (dash != std::string_view::npos && dash > channel.find('/')) {
    auto suffix = channel.substr(dash + 1);
    if (!suffix.empty() &&
        suffix.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos)
      channel = channel.substr(0, dash);
  }
  return std::string(channel);
}

bool is_queue_cdr(const CdrRecord& r) {
  return r.lastapp == "Queue";
}

void enrich_with_cdrs(std::vector<Call>& calls, const std::vector<CdrRecord>& cdrs) {
  std::map<std::string, const CdrRecord*> by_uniqueid;
  for (const auto& r : cdrs)
    if (!r.uniqueid.empty() && (is_queue_cdr(r) || !by_uniqueid.count(r.uniqueid)))
      by_uniqueid[r.uniqueid] = &r;
  for (auto& c : calls) {
    auto doc = json::parse(c.extra.empty() ? "{}" : c.extra);
    if (!doc || !doc->IsObject()) continue;
    auto uid = json::get_string(*doc, "uniqueid");
    auto it = uid ? by_uniqueid.find(*uid) : by_uniqueid.end();
    if (it == by_uniqueid.end()) continue;
    const CdrRecord& r = *it->second;
    bool has_digit = c.caller.find_first_of("0123456789") != std::string::npos;
    if ((c.caller.empty() || !has_digit) && !r.src.empty()) c.caller = r.src;
    json::Writer w;
    w.obj_begin();
    for (auto& m : doc->GetObject()) {
      std::string_view k(m.name.GetString(), m.name.GetStringLength());
      if (k == "linkedid" || k == "accountcode" || k == "cdr_src") continue;
      w.key(k);
      w.raw(json::to_string(m.value));
    }
    if (!r.linkedid.empty()) w.field("linkedid", r.linkedid);
    if (!r.accountcode.empty()) w.field("accountcode", r.accountcode);
    w.field("cdr_src", r.src);
    w.obj_end();
    c.extra = w.str();
  }
}

Result<std::vector<CdrRecord>> read_cdr_records(const std::string& path, const CdrOptions& opt,
                                                std::vector<Rejection>& rejected,
                                                ReplacedBytes* replaced) {
  std::vector<CdrRecord> out;
  auto read = for_each_line(
      path,
      [&](uint64_t n, std::string_view text) {
        if (trim(text).empty()) return;
        auto r = parse_cdr_line(text, opt.time_zone);
        if (!r)
          rejected.push_back({path + ":" + std::to_string(n), r.error().where, r.error().message});
        else
          out.push_back(std::move(*r));
      },
      rejected, replaced);
  if (!read) return read.error();
  return out;
}

}  // namespace dp::asterisk
