#include "config/config.h"

namespace dp::config {

std::string redact(const Config& config, std::string text) {
  for (const auto& block : config.connectors) {
    for (const auto& key : block.secret_keys) {
      const std::string secret = block.str(key);
      if (secret.empty()) continue;
      for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3))
        text.replace(pos, secret.size(), "***");
    }
  }
  return text;
}

}  // namespace dp::config
