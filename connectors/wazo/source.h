// Polls wazo-call-logd's GET /1.0/cdr incrementally (README.md).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "connector/source.h"
#include "http/client.h"
#include "wazo/normalize.h"

namespace dp::wazo {

struct Settings {
  std::string url;    // call-logd base, e.g. https://pbx.example.com/api/call-logd
  std::string token;  // X-Auth-Token; never logged
  int page_size = 1000;
  std::optional<Time> since;  // where to start when there is no cursor
  // Sent as call_status so blocked calls are listed too; "" = not sent.
  std::string call_status = "answered,blocked,not-answered";
  Mapping mapping;
};

class WazoSource : public Source {
 public:
  WazoSource(std::string name, Settings settings, std::unique_ptr<http::Client> client);

  std::string name() const override { return name_; }
  Result<void> health_check() override;
  // Cursor: the id of the last CDR seen ("" = start at `since`). Pages are asked by
  // id (from_id = last + 1, order=id, direction=asc), so CDRs that call-logd generates
  // late for old calls are still picked up and nothing comes twice.
  Result<Batch> poll(const std::string& cursor) override;
  HttpCounts http_counts() const override { return client_->counts(); }

 private:
  http::Request request(const std::vector<std::pair<std::string, std::string>>& params) const;

  std::string name_;
  Settings settings_;
  std::unique_ptr<http::Client> client_;
  bool send_call_status_;
};

}  // namespace dp::wazo
