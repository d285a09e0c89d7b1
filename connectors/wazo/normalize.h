// Wazo call-logd CDR item -> canonical Call. Pure: no I/O, tested without a server.
// Item shape: GET /1.0/cdr, definitions CDR in wazo-call-logd's api.yml
// (https://github.com/wazo-platform/wazo-call-logd, plugins/cdr/api.yml and schemas.py).
#pragma once

#include <map>
#include <optional>
#include <string>

#include "model/json.h"
#include "model/records.h"
#include "model/result.h"

namespace dp::wazo {

struct Mapping {
  std::string default_queue = "wazo";
  // requested_extension -> queue, for calls whose destination_details name no queue.
  std::map<std::string, std::string> queue_by_extension;
  bool include_internal = false;  // internal (extension to extension) calls
};

// A Call, nullopt for an item deliberately left out (an internal call), or an Error
// whose `where` is the offending field.
Result<std::optional<Call>> normalize(const json::Value& item, const Mapping& mapping);

}  // namespace dp::wazo
