// Request Tracker REST2 pages -> canonical tickets, events and surveys: a ticket search
// page and a transaction page (the input split at its first NUL byte) through
// parse_tickets, parse_transactions and normalize, with merges taken from the
// transactions as RtSource does.
#include <cstdint>
#include <cstring>

#include "fuzz_support.h"
#include "rt/normalize.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace dp;
  auto text = fuzz::as_text(data, size);
  auto nul = text.find('\0');
  auto tickets = rt::parse_tickets(text.substr(0, nul));
  auto txns = rt::parse_transactions(nul == std::string_view::npos ? std::string_view("{}")
                                                                   : text.substr(nul + 1));
  if (!tickets || !txns) return 0;

  rt::RtOptions o;
  o.url = "http://rt.test";
  o.own_user = "deskpulse";
  o.csat_field = "CSAT";
  o.nps_field = "NPS";
  o.topic_field = "Topic";
  o.channel_field = "Channel";
  rt::Directory dir;
  dir.privileged = {37, 38};
  dir.names = {{6, "Nobody"}, {37, "alice"}, {38, "bob"}, {40, "c1@example.org"}};
  for (const auto& x : txns->items)
    if (auto into = rt::merge_target(x)) dir.merged_into[x.ticket] = *into;

  auto n = rt::normalize(o, tickets->items, txns->items, dir);
  for (const Ticket& t : n.records.tickets) {
    fuzz::check_time(t.created_at, "ticket created_at");
    fuzz::check_time(t.updated_at, "ticket updated_at");
  }
  for (const TicketEvent& e : n.records.events) {
    fuzz::check_time(e.at, "event at");
    // TimeTaken may be negative in RT (a correction), within 10 years either way.
    fuzz::check_duration(e.time_spent < Seconds{0} ? -e.time_spent : e.time_spent,
                         "event time_spent");
  }
  for (const Survey& s : n.records.surveys) fuzz::check_time(s.at, "survey at");
  return 0;
}
