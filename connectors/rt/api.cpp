#include "rt/api.h"

namespace dp::rt {

RtApi::RtApi(RtOptions options, std::unique_ptr<http::Transport> transport)
    : options_(std::move(options)), client_(std::move(transport), options_.http) {}

Result<http::Response> RtApi::send(http::Request request) {
  request.headers.emplace_back(
      "Authorization", options_.token.empty() ? http::basic_auth(options_.user, options_.password)
                                              : "token " + options_.token);
  return client_.send(request);
}

Result<http::Response> RtApi::send_ok(http::Request request) {
  http::Request shown = request;  // the error names this one, without credentials
  return http::require_success(send(std::move(request)), shown);
}

Result<void> check_access(RtApi& api) {
  http::Request r;
  r.url = http::join_url(api.options().url, "REST/2.0/rt");
  auto res = api.send(r);
  if (!res) return make_error("cannot reach RT at " + api.options().url + ": " + res.error().str());
  if (res->status == 401 || res->status == 403)
    return make_error("RT refused the credentials (HTTP " + std::to_string(res->status) +
                      "): check token, or user and password");
  if (res->status != 200)
    return make_error("RT's REST2 API answered HTTP " + std::to_string(res->status) + " at " +
                      r.url + ": is the url right (no /REST/2.0) and REST2 enabled?");
  return {};
}

std::unique_ptr<RtApi> make_api(const RtOptions& options) {
  return std::make_unique<RtApi>(options, http::make_curl_transport(options.http));
}

}  // namespace dp::rt
