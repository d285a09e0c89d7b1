// Asterisk cdr_csv Master.csv (pure parsing and mapping; the tailing is CdrSource).
//
// cdr_csv writes 16 columns: accountcode, src, dst, dcontext, clid, channel,
// dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition,
// amaflags; then uniqueid (cdr.conf loguniqueid), userfield (loguserfield), and
// peeraccount, linkedid, sequence (newcdrcolumns). usegmtime changes the clock of the
// dates, not the columns. So 16..21 columns; 17 and 20 are told apart by whether the
// 17th looks like a uniqueid. Any other count, or a known count whose dates and
// numbers are not where they belong (a custom cdr_custom order), is an unknown
// layout and the line is rejected with its column count, never guessed at.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "asterisk/options.h"
#include "asterisk/text.h"
#include "connector/source.h"
#include "model/records.h"
#include "model/result.h"

namespace dp::asterisk {

struct CdrRecord {
  std::string accountcode, src, dst, dcontext, clid, channel, dstchannel, lastapp, lastdata;
  Time start{};
  std::optional<Time> answer;
  Time end{};
  Seconds duration{0};
  Seconds billsec{0};
  std::string disposition, amaflags, uniqueid, userfield, peeraccount, linkedid;
  std::optional<long long> sequence;
  size_t columns = 0;
};

Result<CdrRecord> parse_cdr_line(std::string_view line, const std::string& time_zone);

// "SIP/301-00000004" -> "SIP/301", "Local/2004@from-internal-0000a;1" ->
// "Local/2004@from-internal".
std::string channel_peer(std::string_view channel);

// CDR legs become calls in cdr_merge.h (one call per linkedid).

// Whether the CDR belongs to a queue call that queue_log also reports.
bool is_queue_cdr(const CdrRecord& r);

// Queue calls get the CDR's caller number (when the queue_log had none or a name),
// uniqueid, linkedid and accountcode in extra. Matches by uniqueid = queue_log callid;
// only adds fields, so no call is counted twice.
void enrich_with_cdrs(std::vector<Call>& calls, const std::vector<CdrRecord>& cdrs);

// Every record of a file; bad lines go to `rejected`, lines with bytes that are not
// UTF-8 text are counted in `replaced`.
Result<std::vector<CdrRecord>> read_cdr_records(const std::string& path, const CdrOptions& options,
                                                std::vector<Rejection>& rejected,
                                                ReplacedBytes* replaced = nullptr);

}  // namespace dp::asterisk
