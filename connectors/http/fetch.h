// GET a JSON document through the Client: the step every polling connector repeats.
#pragma once

#include "http/client.h"
#include "model/json.h"

namespace dp::http {

// Sends `request`, requires a 2xx and a JSON object body; errors name the request.
Result<json::Document> fetch_json(Client& client, const Request& request);

}  // namespace dp::http
