#include "http/fetch.h"

namespace dp::http {

Result<json::Document> fetch_json(Client& client, const Request& request) {
  auto response = require_success(client.send(request), request);
  if (!response) return response.error();
  auto doc = json::parse(response->body);
  std::string what = request.method + " " + request.url.substr(0, request.url.find('?'));
  if (!doc) return make_error(what + ": response is not JSON: " + doc.error().message);
  if (!doc->IsObject()) return make_error(what + ": response is not a JSON object");
  return doc;
}

}  // namespace dp::http
