// The libcurl Transport: one easy handle, reset per request.
#include <curl/curl.h>

#include <mutex>

#include "http/client.h"

namespace dp::http {
namespace {

// Bodies larger than this are cut off with an error: a misconfigured URL pointing at a
// file server must not fill the memory of a small sidecar.
constexpr size_t kMaxBody = 256u << 20;

struct Capture {
  Response response;
  bool too_big = false;
};

size_t on_body(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Capture*>(user);
  size_t len = size * n;
  if (c->response.body.size() + len > kMaxBody) {
    c->too_big = true;
    return 0;  // makes curl stop with CURLE_WRITE_ERROR
  }
  c->response.body.append(data, len);
  return len;
}

size_t on_header(char* data, size_t size, size_t n, void* user) {
  auto* c = static_cast<Capture*>(user);
  std::string_view line(data, size * n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
  if (line.rfind("HTTP/", 0) == 0) {
    c->response.headers.clear();  // a new status line (after 100 Continue) starts over
  } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    c->response.headers.emplace_back(line.substr(0, colon), value);
  }
  return size * n;
}

// Errors that retrying cannot fix; classify() reads the `where` tag.
const char* error_kind(CURLcode code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
      return "tls";
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return "url";
    // Nothing reached the server: safe to repeat whatever the method.
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
      return "connect";
    default:
      return "network";
  }
}

class CurlTransport : public Transport {
 public:
  explicit CurlTransport(Options options) : options_(std::move(options)) {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    handle_ = curl_easy_init();
  }
  ~CurlTransport() override {
    if (handle_) curl_easy_cleanup(handle_);
  }
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  Result<Response> send(const Request& request) override {
    if (!handle_) return make_error("libcurl could not create a handle", "network");
    // Defence in depth: a caller that skipped Client::send must not inject headers either.
    if (auto checked = check_headers(request); !checked) return checked.error();
    CURL* h = handle_;
    curl_easy_reset(h);
    Capture capture;
    char errbuf[CURL_ERROR_SIZE] = {0};

    curl_slist* headers = nullptr;
    for (const auto& [k, v] : request.headers)
      headers = curl_slist_append(headers, (k + ": " + v).c_str());

    curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
    curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count() * 1000));
    curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                     static_cast<long>(std::min<long long>(options_.timeout.count(), 10) * 1000));
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
    curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
    if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(h, CURLOPT_WRITEDATA, &capture);
    curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(h, CURLOPT_HEADERDATA, &capture);
    if (request.method == "GET") {
      curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
    } else {
      if (request.method != "POST")
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
      if (!request.body.empty() || request.method != "DELETE") {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
      }
    }

    CURLcode code = curl_easy_perform(h);
    curl_slist_free_all(headers);
    if (capture.too_big) return make_error("response body larger than 256 MiB", "size");
    if (code != CURLE_OK) {
      std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(code);
      return make_error(detail, error_kind(code));  // the client names the request
    }
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &capture.response.status);
    return std::move(capture.response);
  }

 private:
  Options options_;
  CURL* handle_ = nullptr;
};

}  // namespace

std::unique_ptr<Transport> make_curl_transport(const Options& options) {
  return std::make_unique<CurlTransport>(options);
}

}  // namespace dp::http
