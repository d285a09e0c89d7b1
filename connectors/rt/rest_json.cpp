#include "rt/rest_json.h"

#include <charconv>

namespace dp::rt {
namespace {

int64_t to_id(const json::Value& v) {
  if (v.IsInt64()) return v.GetInt64();
  if (!v.IsString()) return 0;
  int64_t n = 0;
  std::string_view s(v.GetString(), v.GetStringLength());
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  return (ec == std::errc() && end == s.data() + s.size()) ? n : 0;
}

std::string text(const json::Value& obj, const char* key) {
  auto s = json::get_string(obj, key);
  if (s) return *s;
  auto n = json::get_int(obj, key);
  return n ? std::to_string(*n) : std::string();
}

// A user reference: {"id": "root" or 14, "Name": ..., "EmailAddress": ...}.
UserRef user_ref(const json::Value& v) {
  UserRef u;
  if (!v.IsObject()) return u;
  u.name = text(v, "Name");
  u.email = text(v, "EmailAddress");
  if (auto* id = json::member(v, "id")) {
    u.id = to_id(*id);
    if (u.name.empty() && id->IsString()) u.name = id->GetString();
  }
  return u;
}

std::string ref_name(const json::Value& obj, const char* key) {
  auto* v = json::member(obj, key);
  if (!v || !v->IsObject()) return text(obj, key);
  auto name = text(*v, "Name");
  return name.empty() ? text(*v, "id") : name;
}

template <class T, class F>
Result<Page<T>> parse_page(std::string_view body, const char* what, F item) {
  auto doc = json::parse(body);
  if (!doc) return make_error("REST2 " + std::string(what) + " page: " + doc.error().str());
  auto* items = json::member(*doc, "items");
  if (!doc->IsObject() || !items || !items->IsArray())
    return make_error("REST2 " + std::string(what) + " page has no items array");
  Page<T> page;
  page.next_page = json::get_string(*doc, "next_page");
  for (const auto& v : items->GetArray()) {
    if (!v.IsObject()) continue;
    item(v, page);
  }
  return page;
}

void read_custom_fields(const json::Value& v, RtTicket& t) {
  auto* cfs = json::member(v, "CustomFields");
  if (!cfs || !cfs->IsArray()) return;
  for (const auto& cf : cfs->GetArray()) {
    if (!cf.IsObject()) continue;
    auto name = text(cf, "name");
    t.field_names[id_of(cf, "id")] = name;
    auto* values = json::member(cf, "values");
    if (values && values->IsArray() && !values->Empty() && (*values)[0].IsString())
      t.fields[name] = (*values)[0].GetString();
  }
}

}  // namespace

std::optional<Time> rt_date(const std::optional<std::string>& s) {
  if (!s || s->empty() || s->starts_with("1970-01-01")) return std::nullopt;
  // RT writes 1970-01-01 00:00:00 for "not set"; nothing earlier is a real date either.
  auto t = parse_rfc3339(*s);
  if (!t || !record_time(*t)) return std::nullopt;
  return t;
}

int64_t id_of(const json::Value& obj, const char* key) {
  auto* v = json::member(obj, key);
  return v ? to_id(*v) : 0;
}

Result<std::map<std::string, std::string>> parse_record_fields(std::string_view body) {
  auto doc = json::parse(body);
  if (!doc) return doc.error();
  if (!doc->IsObject()) return make_error("RT's answer is not a JSON object");
  RtTicket t;
  read_custom_fields(*doc, t);
  return std::move(t.fields);
}

Result<std::optional<std::map<std::string, std::string>>> parse_first_item_fields(
    std::string_view body) {
  auto doc = json::parse(body);
  if (!doc) return doc.error();
  auto* items = doc->IsObject() ? json::member(*doc, "items") : nullptr;
  if (!items || !items->IsArray()) return make_error("RT's answer has no items");
  if (items->Empty() || !(*items)[0].IsObject())
    return std::optional<std::map<std::string, std::string>>();
  RtTicket t;
  read_custom_fields((*items)[0], t);
  return std::optional(std::move(t.fields));
}

Result<Page<RtTicket>> parse_tickets(std::string_view body) {
  return parse_page<RtTicket>(body, "tickets", [](const json::Value& v, Page<RtTicket>& page) {
    RtTicket t;
    t.id = id_of(v, "id");
    if (t.id <= 0) {
      page.rejected.push_back({"rt ticket", "id", "missing or not a number"});
      return;
    }
    t.queue = ref_name(v, "Queue");
    t.subject = text(v, "Subject");
    t.status = text(v, "Status");
    t.priority = text(v, "Priority");
    if (auto* o = json::member(v, "Owner")) t.owner = user_ref(*o);
    if (auto* rs = json::member(v, "Requestor"); rs && rs->IsArray())
      for (const auto& r : rs->GetArray()) t.requestors.push_back(user_ref(r));
    t.created = rt_date(json::get_string(v, "Created"));
    t.updated = rt_date(json::get_string(v, "LastUpdated"));
    read_custom_fields(v, t);
    page.items.push_back(std::move(t));
  });
}

Result<Page<RtTransaction>> parse_transactions(std::string_view body) {
  return parse_page<RtTransaction>(
      body, "transactions", [](const json::Value& v, Page<RtTransaction>& page) {
        RtTransaction t;
        t.id = id_of(v, "id");
        t.ticket = id_of(v, "ObjectId");
        t.created = rt_date(json::get_string(v, "Created"));
        if (t.id <= 0 || t.ticket <= 0 || !t.created) {
          page.rejected.push_back({"rt transaction " + text(v, "id"), t.created ? "id" : "Created",
                                   "missing or malformed"});
          return;
        }
        t.type = text(v, "Type");
        t.field = text(v, "Field");
        t.old_value = text(v, "OldValue");
        t.new_value = text(v, "NewValue");
        if (auto* c = json::member(v, "Creator")) t.creator = user_ref(*c);
        t.time_taken_min = id_of(v, "TimeTaken");
        page.items.push_back(std::move(t));
      });
}

Result<Page<UserRef>> parse_refs(std::string_view body) {
  return parse_page<UserRef>(body, "list", [](const json::Value& v, Page<UserRef>& page) {
    UserRef u = user_ref(v);
    if (auto name = text(v, "Name"); !name.empty()) u.name = name;
    page.items.push_back(std::move(u));
  });
}

}  // namespace dp::rt
