// Wazo call-logd CDR items -> canonical calls: a GET /1.0/cdr answer ({"items": [...]})
// or a single item through json::parse and wazo::normalize, internal calls included.
#include <cstdint>

#include "fuzz_support.h"
#include "wazo/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dp;
  auto doc = json::parse(fuzz::as_text(data, size));
  if (!doc) return 0;
  wazo::Mapping m;
  m.queue_by_extension["8000"] = "support";
  m.include_internal = (size & 1) != 0;
  auto one = [&](const json::Value& item) {
    auto r = wazo::normalize(item, m);
    if (r && *r) fuzz::check_call(**r);
  };
  const json::Value* items = doc->IsObject() ? json::member(*doc, "items") : nullptr;
  if (items && items->IsArray())
    for (const auto& item : items->GetArray()) one(item);
  else
    one(*doc);
  return 0;
}
