// URL, header and credential encoding shared by every connector.
#include <algorithm>
#include <cctype>

#include "http/client.h"

namespace dp::http {

std::string url_encode(std::string_view value) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size());
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string with_query(std::string_view base,
                       const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out(base);
  char sep = out.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [k, v] : params) {
    out += sep;
    out += url_encode(k);
    out += '=';
    out += url_encode(v);
    sep = '&';
  }
  return out;
}

std::string join_url(std::string_view base, std::string_view path) {
  while (!base.empty() && base.back() == '/') base.remove_suffix(1);
  while (!path.empty() && path.front() == '/') path.remove_prefix(1);
  return std::string(base) + "/" + std::string(path);
}

std::string basic_auth(std::string_view user, std::string_view password) {
  static constexpr char table[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string in = std::string(user) + ":" + std::string(password);
  std::string out = "Basic ";
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n =
        (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    out += {table[n >> 18], table[(n >> 12) & 63], table[(n >> 6) & 63], table[n & 63]};
  }
  if (size_t rest = in.size() - i; rest > 0) {
    unsigned n = (unsigned char)in[i] << 16 | (rest == 2 ? (unsigned char)in[i + 1] << 8 : 0);
    out += {table[n >> 18], table[(n >> 12) & 63], rest == 2 ? table[(n >> 6) & 63] : '=', '='};
  }
  return out;
}

std::string redact_headers(const Request& request) {
  static constexpr std::string_view secret[] = {"authorization", "proxy-authorization",
                                                "x-auth-token", "cookie"};
  std::string out = request.method + " " + request.url + " [";
  bool first = true;
  for (const auto& [name, value] : request.headers) {
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    bool hide = std::find(std::begin(secret), std::end(secret), lower) != std::end(secret);
    out += (first ? "" : ", ") + name + ": " + (hide ? std::string("<redacted>") : value);
    first = false;
  }
  return out + "]";
}

}  // namespace dp::http
