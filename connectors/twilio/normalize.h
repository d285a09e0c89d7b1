// Twilio Call resource -> canonical Call. Pure: no I/O, tested without a server.
// Item shape: https://www.twilio.com/docs/voice/api/call-resource (Calls list,
// GET /2010-04-01/Accounts/{AccountSid}/Calls.json).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "model/json.h"
#include "model/records.h"
#include "model/result.h"

namespace dp::twilio {

// completed, busy, failed, no-answer, canceled: the call will not change any more.
// queued, ringing, in-progress are not final (a later poll picks the call up).
bool is_final(std::string_view status);

// When the call started (start_time, else date_created), both RFC 2822 dates.
std::optional<Time> started_at(const json::Value& item);

// A Call for a final parent call; nullopt for a call that is not final yet or for a
// child leg (parent_call_sid set: the <Dial> leg of a call already counted); an
// Error whose `where` is the offending field.
Result<std::optional<Call>> normalize(const json::Value& item, const std::string& queue);

}  // namespace dp::twilio
