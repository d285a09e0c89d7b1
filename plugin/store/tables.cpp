#include "store/tables.h"

#include "model/json.h"

namespace dp::store {

namespace {

// Text bound as NULL when empty (a column where NULL means "not known").
struct EmptyIsNull {
  const std::string& text;  // borrowed, like every bound text
};

// Binds values to ?1, ?2, ... in call order, so a bind function reads like the
// column list it follows.
class Binder {
 public:
  Binder(sql::Stmt& s, int first) : s_(s), i_(first) {}
  template <class T>
  Binder& operator()(const T& v) {
    if constexpr (std::is_enum_v<T>)
      s_.bind(i_++, to_string(v));  // static storage
    else if constexpr (std::is_same_v<T, bool>)
      s_.bind(i_++, int64_t(v ? 1 : 0));
    else
      s_.bind(i_++, v);
    return *this;
  }
  Binder& operator()(EmptyIsNull v) {
    if (v.text.empty())
      s_.bind_null(i_++);
    else
      s_.bind(i_++, v.text);
    return *this;
  }
  Binder& operator()(const std::vector<std::string>& tags) {
    json::Writer w;
    w.arr_begin();
    for (const auto& t : tags) w.value(t);
    w.arr_end();
    s_.bind_copy(i_++, w.str());
    return *this;
  }

 private:
  sql::Stmt& s_;
  int i_;
};

// Reads columns 0, 1, ... in call order. A value the model cannot take (an enum
// text it does not know, tags that are not a JSON array of strings) is remembered
// and turned into an error naming the table, row and column.
class Reader {
 public:
  Reader(const sql::Stmt& s, std::string_view table) : s_(s), table_(table) {}
  std::string text() { return s_.text(i_++); }
  std::optional<std::string> opt_text() { return s_.opt_text(i_++); }
  Time time() { return s_.time(i_++); }
  std::optional<Time> opt_time() { return s_.opt_time(i_++); }
  Seconds seconds() { return s_.seconds(i_++); }
  double real() { return s_.real(i_++); }
  std::optional<double> opt_real() { return s_.opt_real(i_++); }
  bool boolean() { return s_.int64(i_++) != 0; }
  template <class E>
  E enumeration() {
    auto v = enum_from_string<E>(s_.text(i_));
    if (!v) fail("unknown value '" + s_.text(i_) + "'");
    ++i_;
    return v.value_or(E{});
  }
  std::vector<std::string> tags() {
    std::vector<std::string> out;
    auto doc = json::parse(s_.text(i_));
    if (!doc || !doc->IsArray()) {
      fail("not a JSON array");
    } else {
      for (const auto& v : doc->GetArray()) {
        if (v.IsString())
          out.emplace_back(v.GetString(), v.GetStringLength());
        else
          fail("tag is not a string");
      }
    }
    ++i_;
    return out;
  }

  template <class R>
  Result<R> done(R r) {
    if (!bad_.empty()) return make_error(bad_, std::string(table_) + " '" + s_.text(0) + "'");
    return r;
  }

 private:
  void fail(const std::string& why) {
    if (bad_.empty()) bad_ = "column " + std::to_string(i_) + ": " + why;
  }
  const sql::Stmt& s_;
  std::string_view table_;
  int i_ = 0;
  std::string bad_;
};

}  // namespace

void Table<Ticket>::bind(sql::Stmt& s, const Ticket& t, int first) {
  Binder{s, first}(t.id)(t.queue)(t.channel)(t.requester)(t.owner)(t.subject)(t.tags)(t.priority)(
      t.status)(t.created_at)(t.updated_at)(t.extra);
}

Result<Ticket> Table<Ticket>::read(const sql::Stmt& s) {
  Reader r(s, name);
  Ticket t;
  t.id = r.text();
  t.queue = r.text();
  t.channel = r.enumeration<Channel>();
  t.requester = r.text();
  t.owner = r.opt_text();
  t.subject = r.text();
  t.tags = r.tags();
  t.priority = r.text();
  t.status = r.enumeration<TicketStatus>();
  t.created_at = r.time();
  t.updated_at = r.time();
  t.extra = r.text();
  return r.done(std::move(t));
}

void Table<TicketEvent>::bind(sql::Stmt& s, const TicketEvent& e, int first) {
  Binder{s, first}(e.id)(e.ticket)(e.at)(e.type)(e.actor)(e.is_public)(e.time_spent)(e.from)(e.to)(
      e.extra);
}

Result<TicketEvent> Table<TicketEvent>::read(const sql::Stmt& s) {
  Reader r(s, name);
  TicketEvent e;
  e.id = r.text();
  e.ticket = r.text();
  e.at = r.time();
  e.type = r.enumeration<EventType>();
  e.actor = r.text();
  e.is_public = r.boolean();
  e.time_spent = r.seconds();
  e.from = r.opt_text();
  e.to = r.opt_text();
  e.extra = r.text();
  return r.done(std::move(e));
}

void Table<Call>::bind(sql::Stmt& s, const Call& c, int first) {
  Binder{s, first}(c.id)(c.queue)(c.caller)(c.agent)(c.direction)(c.offered_at)(c.answered_at)(
      c.ended_at)(c.wait)(c.talk)(c.hold)(c.wrap)(c.outcome)(c.ticket)(c.extra);
}

Result<Call> Table<Call>::read(const sql::Stmt& s) {
  Reader r(s, name);
  Call c;
  c.id = r.text();
  c.queue = r.text();
  c.caller = r.text();
  c.agent = r.opt_text();
  c.direction = r.enumeration<Direction>();
  c.offered_at = r.time();
  c.answered_at = r.opt_time();
  c.ended_at = r.opt_time();
  c.wait = r.seconds();
  c.talk = r.seconds();
  c.hold = r.seconds();
  c.wrap = r.seconds();
  c.outcome = r.enumeration<CallOutcome>();
  c.ticket = r.opt_text();
  c.extra = r.text();
  return r.done(std::move(c));
}

void Table<Survey>::bind(sql::Stmt& s, const Survey& v, int first) {
  Binder{s, first}(v.id)(v.kind)(v.score)(v.scale_min)(v.scale_max)(v.at)(v.ticket)(v.call)(
      v.agent)(v.customer)(v.extra);
}

Result<Survey> Table<Survey>::read(const sql::Stmt& s) {
  Reader r(s, name);
  Survey v;
  v.id = r.text();
  v.kind = r.enumeration<SurveyKind>();
  v.score = r.real();
  v.scale_min = r.real();
  v.scale_max = r.real();
  v.at = r.time();
  v.ticket = r.opt_text();
  v.call = r.opt_text();
  v.agent = r.opt_text();
  v.customer = r.opt_text();
  v.extra = r.text();
  return r.done(std::move(v));
}

void Table<Customer>::bind(sql::Stmt& s, const Customer& c, int first) {
  Binder{s, first}(c.id)(c.first_seen)(c.last_active)(c.churned_at)(c.acquired_via)(c.revenue)(
      c.phone)(c.extra);
}

Result<Customer> Table<Customer>::read(const sql::Stmt& s) {
  Reader r(s, name);
  Customer c;
  c.id = r.text();
  c.first_seen = r.time();
  c.last_active = r.opt_time();
  c.churned_at = r.opt_time();
  c.acquired_via = r.opt_text();
  c.revenue = r.opt_real();
  c.phone = r.opt_text();
  c.extra = r.text();
  return r.done(std::move(c));
}

void Table<Agent>::bind(sql::Stmt& s, const Agent& a, int first) {
  Binder{s, first}(a.id)(a.team)(a.calendar)(a.kind)(EmptyIsNull{a.name});
}

Result<Agent> Table<Agent>::read(const sql::Stmt& s) {
  Reader r(s, name);
  Agent a;
  a.id = r.text();
  a.team = r.text();
  a.calendar = r.opt_text();
  a.kind = r.enumeration<AgentKind>();
  a.name = r.opt_text().value_or("");
  return r.done(std::move(a));
}

void Table<AgentSession>::bind(sql::Stmt& s, const AgentSession& a, int first) {
  Binder{s, first}(a.id)(a.agent)(a.queue)(a.start)(a.end)(a.paused);
}

Result<AgentSession> Table<AgentSession>::read(const sql::Stmt& s) {
  Reader r(s, name);
  AgentSession a;
  a.id = r.text();
  a.agent = r.text();
  a.queue = r.text();
  a.start = r.time();
  a.end = r.time();
  a.paused = r.seconds();
  return r.done(std::move(a));
}

}  // namespace dp::store
