// Call <-> ticket linking (plugin/sync/link.h).
#include "sync/link.h"

#include <gtest/gtest.h>

namespace dp::sync {
namespace {

Time t(long long s) {
  return Time{Seconds{1795420800 + s}};
}

Call call(std::string id, std::string caller, long long offered, std::string extra = "") {
  Call c;
  c.id = std::move(id);
  c.caller = std::move(caller);
  c.offered_at = t(offered);
  c.extra = std::move(extra);
  return c;
}

Ticket ticket(std::string id, std::string requester, long long created,
              std::vector<std::string> tags = {}, std::string extra = "") {
  Ticket k;
  k.id = std::move(id);
  k.requester = std::move(requester);
  k.created_at = t(created);
  k.tags = std::move(tags);
  k.extra = std::move(extra);
  return k;
}

Customer customer(std::string id, std::string phone) {
  Customer c;
  c.id = std::move(id);
  c.phone = std::move(phone);
  return c;
}

TEST(PhoneKey, DigitsOnlyLastNine) {
  EXPECT_EQ(phone_key("+33 (0)6 12 34 56 78"), "612345678");
  EXPECT_EQ(phone_key("0612345678"), "612345678");
  EXPECT_EQ(phone_key("1001"), "");
  EXPECT_EQ(phone_key("anonymous"), "");
}

TEST(Link, TicketCarryingTheCallId) {
  Records r;
  r.calls = {call("asterisk:s1:support", "", 0, R"({"uniqueid":"s1"})"),
             call("asterisk:s1:sales", "", 60, R"({"uniqueid":"s1"})"),
             call("asterisk:s2:support", "", 0, R"({"uniqueid":"s2"})"),
             call("asterisk:cdr:77.1", "", 0, R"({"uniqueid":"77.1"})"),
             call("asterisk:s4:support", "", 0)};
  r.tickets = {ticket("rt:1", "c1", 99999, {}, R"({"call_id":"asterisk:s1"})"),
               ticket("rt:2", "c2", 99999, {"call:asterisk:s2:support"}),
               ticket("rt:3", "c3", 99999, {}, R"({"call_id":"77.1"})"),
               ticket("rt:4", "c4", 99999, {"call:s4"})};
  link_calls_to_tickets(r, Seconds{3600});
  EXPECT_EQ(r.calls[0].ticket, "rt:1");  // both stays of the call s1
  EXPECT_EQ(r.calls[1].ticket, "rt:1");
  EXPECT_EQ(r.calls[2].ticket, "rt:2");
  EXPECT_EQ(r.calls[3].ticket, "rt:3");  // by its uniqueid
  EXPECT_EQ(r.calls[4].ticket, "rt:4");  // by the bare native id
}

TEST(Link, CallerPhoneWithinTheWindowNearestWins) {
  Records r;
  r.customers = {customer("alice", "+33 6 12 34 56 78"), customer("bob", "06 98 76 54 32")};
  r.tickets = {ticket("z:1", "alice", 1000), ticket("z:2", "alice", 200),
               ticket("z:3", "bob", 5000)};
  r.calls = {call("a:1", "0612345678", 0),  // z:2 at 200 s beats z:1 at 1000 s
             call("a:2", "0698765432", 0),  // bob's ticket 5000 s away: outside 3600 s
             call("a:3", "0611111111", 0),  // nobody's number
             call("a:4", "1001", 900)};     // an extension never matches
  link_calls_to_tickets(r, Seconds{3600});
  EXPECT_EQ(r.calls[0].ticket, "z:2");
  EXPECT_FALSE(r.calls[1].ticket.has_value());
  EXPECT_FALSE(r.calls[2].ticket.has_value());
  EXPECT_FALSE(r.calls[3].ticket.has_value());
}

TEST(Link, NeverOverwritesAnExistingLink) {
  Records r;
  r.customers = {customer("alice", "0612345678")};
  r.tickets = {ticket("z:1", "alice", 10, {"call:a:1"})};
  r.calls = {call("a:1", "0612345678", 0)};
  r.calls[0].ticket = "z:9";
  link_calls_to_tickets(r, Seconds{3600});
  EXPECT_EQ(r.calls[0].ticket, "z:9");
}

}  // namespace
}  // namespace dp::sync
