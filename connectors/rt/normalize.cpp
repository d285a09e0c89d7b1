#include "rt/normalize.h"

#include <algorithm>
#include <charconv>
#include <unordered_map>

namespace dp::rt {
namespace {

constexpr std::string_view kNobody = "Nobody";

bool wanted_queue(const RtOptions& o, const std::string& queue) {
  if (queue == o.reports_queue) return false;  // our own report tickets are not support work
  return o.queues.empty() || std::find(o.queues.begin(), o.queues.end(), queue) != o.queues.end();
}

Channel channel_of(const RtOptions& o, const RtTicket& t) {
  if (o.channel_field.empty()) return Channel::email;
  auto it = t.fields.find(o.channel_field);
  if (it == t.fields.end() || it->second.empty()) return Channel::email;
  std::string v = it->second;
  std::transform(v.begin(), v.end(), v.begin(), [](unsigned char c) { return std::tolower(c); });
  return enum_from_string<Channel>(v).value_or(Channel::other);
}

std::string user_name(const UserRef& u) {
  return u.email.empty() ? u.name : u.email;
}

std::string extra_of(const RtOptions& o, const RtTicket& t, std::optional<int64_t> merged_into) {
  json::Writer w;
  w.obj_begin();
  w.field("rt_status", t.status);
  if (!o.topic_field.empty())
    if (auto it = t.fields.find(o.topic_field); it != t.fields.end()) w.field("topic", it->second);
  if (merged_into) w.field("merged_into", ticket_id(o, *merged_into));
  w.obj_end();
  return w.str();
}

Ticket to_ticket(const RtOptions& o, const RtTicket& t, Normalized& out) {
  Ticket k;
  k.id = ticket_id(o, t.id);
  k.queue = t.queue;
  k.channel = channel_of(o, t);
  if (!t.requestors.empty()) k.requester = user_name(t.requestors.front());
  if (!t.owner.name.empty() && t.owner.name != kNobody) k.owner = t.owner.name;
  k.subject = t.subject;
  k.priority = t.priority;
  auto status = map_status(t.status);
  if (!status)
    out.rejected.push_back({"rt ticket " + std::to_string(t.id), "Status",
                            "unknown status '" + t.status + "', kept as open"});
  k.status = status.value_or(TicketStatus::open);
  k.updated_at = t.updated.value_or(Time{});
  k.created_at = t.created.value_or(k.updated_at);
  k.extra = extra_of(o, t, std::nullopt);
  return k;
}

std::optional<double> number(const std::string& s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

class Mapper {
 public:
  Mapper(const RtOptions& o, const Directory& dir, Normalized& out) : o_(o), dir_(dir), out_(out) {}

  void add_ticket(const Ticket& t, const RtTicket& rt) {
    tickets_[rt.id] = &rt;
    canonical_[rt.id] = t;
  }
  bool known(int64_t ticket) const { return canonical_.count(ticket) > 0; }

  void map(const RtTransaction& x) {
    const RtTicket& rt = *tickets_.at(x.ticket);
    TicketEvent e;
    e.id = o_.name + ":txn:" + std::to_string(x.id);
    e.ticket = ticket_id(o_, x.ticket);
    e.at = *x.created;
    e.actor = actor(x.creator);
    // RT's TimeTaken is in minutes, negative for a correction; beyond 10 years either
    // way it is not a time anyone worked.
    constexpr int64_t kMaxMinutes = kLongestRecordDuration.count() / 60;
    if (x.time_taken_min < -kMaxMinutes || x.time_taken_min > kMaxMinutes)
      out_.rejected.push_back({"rt transaction " + std::to_string(x.id), "TimeTaken",
                               std::to_string(x.time_taken_min) +
                                   " minutes is out of range (10 years either way); counted as 0"});
    else
      e.time_spent = Seconds{x.time_taken_min * 60};
    if (x.type == "Create") {
      e.type = EventType::created;
      e.is_public = true;
    } else if (x.type == "Correspond") {
      e.type = staff_reply(x.creator, rt) ? EventType::agent_reply : EventType::customer_reply;
      e.is_public = true;
    } else if (x.type == "Comment") {
      e.type = EventType::internal_note;
    } else if (x.type == "Status") {
      auto to = map_status(x.new_value);
      e.type = to == TicketStatus::deleted ? EventType::deleted : EventType::status_change;
      e.from = status_text(x.old_value);
      e.to = status_text(x.new_value);
    } else if (x.type == "Set" && x.field == "Owner") {
      e.type = EventType::owner_change;
      e.from = owner_text(x.old_value);
      e.to = owner_text(x.new_value);
    } else if (auto into = merge_target(x)) {
      e.type = EventType::merged;
      e.to = ticket_id(o_, *into);
    } else if (x.type == "CustomField") {
      custom_field(x, rt);
      return;
    } else {
      return;  // EmailRecord, SetWatcher (duplicates Set Owner), links, subject edits...
    }
    out_.records.events.push_back(std::move(e));
  }

 private:
  std::string actor(const UserRef& u) const {
    if (!dir_.privileged.count(u.id)) return user_name(u);
    return u.name;  // agents by their RT name, customers by address
  }

  // A requestor writing is the customer even when they are staff; anyone else
  // privileged is an agent; unprivileged non-requestors (Cc) count as the customer side.
  bool staff_reply(const UserRef& u, const RtTicket& rt) const {
    for (const auto& r : rt.requestors)
      if ((r.id && r.id == u.id) || (!r.name.empty() && r.name == u.name)) return false;
    return dir_.privileged.count(u.id) > 0;
  }

  std::optional<std::string> status_text(const std::string& rt_status) const {
    auto s = map_status(rt_status);
    if (!s) return rt_status.empty() ? std::nullopt : std::optional<std::string>(rt_status);
    return std::string(to_string(*s));
  }

  std::optional<std::string> owner_text(const std::string& id_text) const {
    int64_t id = 0;
    std::from_chars(id_text.data(), id_text.data() + id_text.size(), id);
    auto it = dir_.names.find(id);
    if (it == dir_.names.end()) return id_text.empty() ? std::nullopt : std::optional(id_text);
    if (it->second == kNobody) return std::nullopt;
    return it->second;
  }

  // Own writes are dropped first: they are not ticket activity (ARCHITECTURE.md).
  void custom_field(const RtTransaction& x, const RtTicket& rt) {
    if (!own_.empty() && x.creator.name == own_) {
      ++out_.own_writes;
      return;
    }
    int64_t field_id = 0;
    std::from_chars(x.field.data(), x.field.data() + x.field.size(), field_id);
    auto name = rt.field_names.find(field_id);
    if (name == rt.field_names.end()) return;
    std::optional<SurveyKind> kind;
    double lo = o_.csat_min, hi = o_.csat_max;
    if (!o_.csat_field.empty() && name->second == o_.csat_field) kind = SurveyKind::csat;
    if (!o_.nps_field.empty() && name->second == o_.nps_field) {
      kind = SurveyKind::nps;
      lo = 0;
      hi = 10;
    }
    if (!kind || x.new_value.empty()) return;
    auto score = number(x.new_value);
    if (!score || *score < lo || *score > hi) {
      out_.rejected.push_back({"rt transaction " + std::to_string(x.id), name->second,
                               "score '" + x.new_value + "' is not a number in range"});
      return;
    }
    const Ticket& t = canonical_.at(x.ticket);
    Survey s;
    // One score per ticket and kind: a changed answer replaces the earlier one.
    s.id = t.id + ":" + std::string(to_string(*kind));
    s.kind = *kind;
    s.score = *score;
    s.scale_min = lo;
    s.scale_max = hi;
    s.at = *x.created;
    s.ticket = t.id;
    s.agent = t.owner;
    if (!t.requester.empty()) s.customer = t.requester;
    out_.records.surveys.push_back(std::move(s));
  }

  const RtOptions& o_;
  const Directory& dir_;
  Normalized& out_;
  std::string own_ = own_user(o_);
  std::unordered_map<int64_t, const RtTicket*> tickets_;
  std::unordered_map<int64_t, Ticket> canonical_;
};

void add_people(const RtTicket& t, const Ticket& k, const Directory& dir, Records& r) {
  if (!k.requester.empty())
    r.customers.push_back(Customer{k.requester, k.created_at, {}, {}, {}, {}, {}, {}});
  if (!k.owner || !dir.privileged.count(t.owner.id)) return;
  auto real = dir.real_names.find(t.owner.id);
  r.agents.push_back(Agent{*k.owner, "", {}, {}, real == dir.real_names.end() ? "" : real->second});
}

}  // namespace

std::optional<TicketStatus> map_status(const std::string& s) {
  if (s == "stalled") return TicketStatus::pending;
  if (s == "rejected") return TicketStatus::closed;
  if (s == "new") return TicketStatus::new_;
  return enum_from_string<TicketStatus>(s);
}

std::optional<int64_t> merge_target(const RtTransaction& x) {
  if (x.type != "AddLink" || x.field != "MergedInto") return std::nullopt;
  auto slash = x.new_value.rfind('/');
  if (slash == std::string::npos) return std::nullopt;
  auto n = rt_ticket_number(x.new_value.substr(slash + 1));
  if (!n || *n == x.ticket) return std::nullopt;
  return n;
}

std::string ticket_id(const RtOptions& o, int64_t id) {
  return o.name + ":" + std::to_string(id);
}

std::optional<int64_t> rt_ticket_number(const std::string& canonical_id) {
  auto colon = canonical_id.rfind(':');
  std::string_view digits(canonical_id);
  if (colon != std::string::npos) digits.remove_prefix(colon + 1);
  int64_t n = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || n <= 0)
    return std::nullopt;
  return n;
}

Normalized normalize(const RtOptions& o, const std::vector<RtTicket>& tickets,
                     const std::vector<RtTransaction>& txns, const Directory& dir) {
  Normalized out;
  Mapper mapper(o, dir, out);
  std::unordered_map<int64_t, const RtTicket*> by_id;
  for (const auto& t : tickets) by_id[t.id] = &t;
  std::vector<RtTicket> merged;  // derived records must outlive the mapper
  merged.reserve(dir.merged_into.size());
  for (const auto& [from, into] : dir.merged_into) {
    auto it = by_id.find(into);
    if (it == by_id.end() || by_id.count(from)) continue;
    RtTicket m = *it->second;
    m.id = from;
    m.status = "merged";
    m.created.reset();
    merged.push_back(std::move(m));
  }
  auto add = [&](const RtTicket& t, std::optional<int64_t> merged_to) {
    if (!wanted_queue(o, t.queue)) return;
    Ticket k = to_ticket(o, t, out);
    if (merged_to) k.extra = extra_of(o, t, merged_to);
    add_people(t, k, dir, out.records);
    mapper.add_ticket(k, t);
    out.records.tickets.push_back(std::move(k));
  };
  for (const auto& t : tickets) add(t, std::nullopt);
  for (const auto& m : merged) add(m, dir.merged_into.at(m.id));
  for (const auto& x : txns) {
    if (!mapper.known(x.ticket) && !by_id.count(x.ticket) && !dir.merged_into.count(x.ticket))
      out.rejected.push_back({"rt transaction " + std::to_string(x.id), "ObjectId",
                              "ticket " + std::to_string(x.ticket) + " is not visible"});
    if (mapper.known(x.ticket)) {
      mapper.map(x);
      // A merged ticket's creation time comes from its own Create transaction.
      if (x.type == "Create")
        for (auto& k : out.records.tickets)
          if (k.id == ticket_id(o, x.ticket) && k.status == TicketStatus::merged)
            k.created_at = *x.created;
    }
  }
  return out;
}

}  // namespace dp::rt
