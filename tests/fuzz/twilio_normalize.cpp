// Twilio Call resources -> canonical calls: a Calls list page ({"calls": [...]}) or a
// single resource through json::parse, twilio::started_at and twilio::normalize.
#include <cstdint>

#include "fuzz_support.h"
#include "twilio/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dp;
  auto doc = json::parse(fuzz::as_text(data, size));
  if (!doc) return 0;
  auto one = [](const json::Value& item) {
    if (auto at = twilio::started_at(item)) fuzz::check_time(*at, "started_at");
    auto r = twilio::normalize(item, "support");
    if (r && *r) fuzz::check_call(**r);
  };
  const json::Value* calls = doc->IsObject() ? json::member(*doc, "calls") : nullptr;
  if (calls && calls->IsArray())
    for (const auto& item : calls->GetArray()) one(item);
  else
    one(*doc);
  return 0;
}
