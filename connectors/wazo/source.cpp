#include "wazo/source.h"

#include <charconv>

#include "http/fetch.h"

namespace dp::wazo {
namespace {

std::optional<long long> parse_cursor(const std::string& cursor) {
  long long v = 0;
  auto [end, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), v);
  if (ec != std::errc() || end != cursor.data() + cursor.size() || v < 0) return std::nullopt;
  return v;
}

// call-logd versions that know call_status but not our values answer 400 naming it.
bool rejects_call_status(const Error& e) {
  return e.message.find("HTTP 400") != std::string::npos &&
         e.message.find("call_status") != std::string::npos;
}

}  // namespace

WazoSource::WazoSource(std::string name, Settings settings, std::unique_ptr<http::Client> client)
    : name_(std::move(name)),
      settings_(std::move(settings)),
      client_(std::move(client)),
      send_call_status_(!settings_.call_status.empty()) {}

http::Request WazoSource::request(
    const std::vector<std::pair<std::string, std::string>>& params) const {
  return {"GET",
          http::with_query(http::join_url(settings_.url, "/1.0/cdr"), params),
          {{"X-Auth-Token", settings_.token}, {"Accept", "application/json"}},
          {}};
}

Result<void> WazoSource::health_check() {
  auto doc = http::fetch_json(*client_, request({{"limit", "1"}}));
  if (!doc) return doc.error();
  return {};
}

Result<Batch> WazoSource::poll(const std::string& cursor) {
  std::optional<long long> last;
  if (!cursor.empty()) {
    last = parse_cursor(cursor);
    if (!last) return make_error("bad wazo cursor '" + cursor + "' (expected a CDR id)");
  }
  std::vector<std::pair<std::string, std::string>> params = {
      {"limit", std::to_string(settings_.page_size)}, {"order", "id"}, {"direction", "asc"}};
  if (last)
    params.emplace_back("from_id", std::to_string(*last + 1));
  else if (settings_.since)
    params.emplace_back("from", format_rfc3339(*settings_.since));

  Batch batch;
  auto with_status = params;
  if (send_call_status_) with_status.emplace_back("call_status", settings_.call_status);
  auto doc = http::fetch_json(*client_, request(with_status));
  if (!doc && send_call_status_ && rejects_call_status(doc.error())) {
    // Better to import without blocked calls than to import nothing: say so, go on.
    send_call_status_ = false;
    batch.rejected.push_back({name_, "call_status",
                              "call-logd rejected call_status=" + settings_.call_status +
                                  "; blocked calls will be missing: " + doc.error().message});
    doc = http::fetch_json(*client_, request(params));
  }
  if (!doc) return doc.error();

  const auto* items = json::member(*doc, "items");
  if (!items || !items->IsArray()) return make_error("wazo /1.0/cdr: response has no items list");

  long long max_id = last.value_or(-1);
  for (const auto& item : items->GetArray()) {
    auto id = json::get_int(item, "id");
    if (id && last && *id <= *last) continue;  // a server that ignored from_id
    std::string where = "wazo cdr " + (id ? std::to_string(*id) : std::string("?"));
    if (id) max_id = std::max<long long>(max_id, *id);
    auto call = normalize(item, settings_.mapping);
    if (!call)
      batch.rejected.push_back({where, call.error().where, call.error().message});
    else if (*call)
      batch.records.calls.push_back(std::move(**call));
  }
  bool advanced = max_id > last.value_or(-1);
  batch.cursor = advanced ? std::to_string(max_id) : cursor;
  // A full page means there may be more; a short one that we are caught up.
  batch.more = advanced && items->Size() >= static_cast<size_t>(settings_.page_size);
  return batch;
}

}  // namespace dp::wazo
