// Polls Twilio's Calls list resource incrementally (README.md).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "connector/source.h"
#include "http/client.h"
#include "twilio/cursor.h"

namespace dp::twilio {

struct Settings {
  std::string account_sid;
  std::string auth_token;  // basic-auth password; never logged
  std::string base_url = "https://api.twilio.com";
  std::string queue = "twilio";
  std::optional<Time> since;  // where to start without a cursor; default 30 days back
  int page_size = 1000;       // PageSize, Twilio's maximum
  int max_pages = 500;        // per poll, so a runaway next_page_uri chain ends
  // A call still queued/ringing/in progress this long after it started is given up
  // on (Twilio ends calls after at most 24 hours).
  Seconds max_call_age{24 * 3600};
};

class TwilioSource : public Source {
 public:
  // `now` is the wall clock (tests pass a fake one).
  TwilioSource(std::string name, Settings settings, std::unique_ptr<http::Client> client,
               http::Client::Clock now = {});

  std::string name() const override { return name_; }
  Result<void> health_check() override;
  // Days more than a day old are read one day per poll (StartTime>= and StartTime<);
  // the last two days are read together up to now. Only final calls are stored; the
  // cursor never moves past a call that is still going on (cursor.h).
  Result<Batch> poll(const std::string& cursor) override;
  HttpCounts http_counts() const override { return client_->counts(); }

 private:
  http::Request request(const std::string& url) const;
  std::string calls_url() const;

  std::string name_;
  Settings settings_;
  std::unique_ptr<http::Client> client_;
  http::Client::Clock now_;
};

}  // namespace dp::twilio
