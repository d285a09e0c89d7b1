#include "rt/fields.h"

#include <algorithm>

#include "rt/encode.h"

namespace dp::rt {
namespace {

constexpr int kMaxPages = 1000;

http::Request get(std::string url) {
  http::Request r;
  r.url = std::move(url);
  return r;
}

}  // namespace

Result<std::vector<UserRef>> list_all(RtApi& api, http::Request first) {
  std::vector<UserRef> out;
  for (int p = 1; p <= kMaxPages; ++p) {
    http::Request r = first;
    r.url = http::with_query(first.url, {{"per_page", "100"}, {"page", std::to_string(p)}});
    auto res = api.send_ok(r);
    if (!res) return res.error();
    auto page = parse_refs(res->body);
    if (!page) return page.error();
    for (auto& u : page->items) out.push_back(std::move(u));
    // Not next_page: RT 5.0.3 omits it for users who are not SuperUser.
    if (page->items.empty()) break;
  }
  return out;
}

Result<Visibility> visibility(RtApi& api) {
  const RtOptions& o = api.options();
  Visibility v;
  auto queues =
      list_all(api, get(http::with_query(rest_url(o, "queues/all"), {{"fields", "Name"}})));
  if (!queues) return queues.error();
  v.queues = std::move(*queues);
  auto seen = [&](const std::string& name) {
    return std::any_of(v.queues.begin(), v.queues.end(),
                       [&](const UserRef& q) { return q.name == name; });
  };
  for (const auto& q : o.queues)
    if (!seen(q)) v.queues_not_visible.push_back(q);
  for (const auto& queue : v.queues) {
    bool synced = o.queues.empty()
                      ? queue.name != o.reports_queue
                      : std::find(o.queues.begin(), o.queues.end(), queue.name) != o.queues.end();
    if (!synced) continue;
    auto fields = list_all(
        api,
        get(http::with_query(rest_url(o, "queue/" + std::to_string(queue.id) + "/customfields"),
                             {{"fields", "Name"}})));
    if (!fields) return fields.error();
    auto& names = v.on_queue[queue.name];
    for (const auto& f : *fields) names.insert(f.name);
  }
  return v;
}

std::vector<std::pair<std::string, std::string>> fields_read(const RtOptions& o) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [key, field] :
       {std::pair{"csat_field", &o.csat_field}, std::pair{"nps_field", &o.nps_field},
        std::pair{"topic_field", &o.topic_field}, std::pair{"channel_field", &o.channel_field}})
    if (!field->empty()) out.emplace_back(key, *field);
  return out;
}

std::vector<std::string> unreadable_fields(const RtOptions& o, const Visibility& v) {
  std::vector<std::string> out;
  for (const auto& [key, field] : fields_read(o)) {
    for (const auto& [queue, names] : v.on_queue)
      if (!names.count(field))
        out.push_back("field '" + field + "' (" + key + ") is not visible on queue '" + queue +
                      "': its values there are not read. Grant deskpulse's RT user " +
                      "SeeCustomField on it (or apply it to the queue), then run `deskpulse " +
                      "sync --resync` to read the history again");
  }
  for (const auto& q : v.queues_not_visible)
    out.push_back("queue '" + q +
                  "' is not visible (missing, or deskpulse's RT user lacks "
                  "SeeQueue on it): its tickets are not read");
  return out;
}

}  // namespace dp::rt
