// REST2 response pages read into plain structs (pure; no canonical mapping here).
// Shapes verified on RT 5.0.3: ids come as strings or numbers, user references are
// objects expanded by fields[...]=, unset dates read 1970-01-01T00:00:00Z.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connector/source.h"
#include "model/json.h"
#include "model/time.h"

namespace dp::rt {

struct UserRef {
  int64_t id = 0;  // 0 when RT gave only the name
  std::string name;
  std::string email;
};

struct RtTicket {
  int64_t id = 0;
  std::string queue, subject, status, priority;
  UserRef owner;
  std::vector<UserRef> requestors;
  std::optional<Time> created, updated;
  std::map<std::string, std::string> fields;   // custom field name -> first value
  std::map<int64_t, std::string> field_names;  // custom field id -> name
};

struct RtTransaction {
  int64_t id = 0;
  int64_t ticket = 0;
  std::string type, field, old_value, new_value;
  UserRef creator;
  std::optional<Time> created;
  int64_t time_taken_min = 0;
};

template <class T>
struct Page {
  std::vector<T> items;
  std::vector<Rejection> rejected;
  std::optional<std::string> next_page;  // absent on the last page
};

Result<Page<RtTicket>> parse_tickets(std::string_view body);
Result<Page<RtTransaction>> parse_transactions(std::string_view body);
// Plain id lists (group members, custom fields): item ids and names when present.
Result<Page<UserRef>> parse_refs(std::string_view body);

// The custom field values of one record (GET /ticket/N, GET /user/NAME): name -> first
// value; a field without a value is absent.
Result<std::map<std::string, std::string>> parse_record_fields(std::string_view body);

// The same of the first item of a search answer (POST /users: its "id" is the user's
// name); nullopt when nothing was found.
Result<std::optional<std::map<std::string, std::string>>> parse_first_item_fields(
    std::string_view body);

// RT's date text; nullopt for the unset date (1970-01-01) and for malformed text.
std::optional<Time> rt_date(const std::optional<std::string>& text);
// "123" or 123 -> 123; 0 when absent or not a number.
int64_t id_of(const json::Value& obj, const char* key);

}  // namespace dp::rt
