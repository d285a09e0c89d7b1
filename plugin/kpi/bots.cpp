// Chatbot KPIs (docs/kpis.md, "Chatbots"). Bots are the agents of kind bot.
#include "kpi/families.h"

namespace dp::kpi {

namespace {

struct Bots {
  long long responded = 0, bot_first = 0;        // by first response
  long long bot_tickets = 0, contained = 0;      // by first bot response
  long long bot_csat_n = 0, bot_csat_top = 0;    // csat on contained tickets
  long long rest_csat_n = 0, rest_csat_top = 0;  // every other csat response
};

// Resolved with no public human reply and never reopened.
bool contained(const TicketFacts& f) {
  return f.bot_replied && f.resolved_at && f.public_human_replies == 0 && f.reopens == 0;
}

ByKey<Bots> collect(const Slice& s) {
  ByKey<Bots> by;
  for (size_t i : s.in.responded.in(s.window)) {
    Bots& b = by[s.ticket_key(i)];
    ++b.responded;
    b.bot_first += s.in.facts[i].first_response_by_bot;
  }
  for (size_t i : s.in.bot_responded.in(s.window)) {
    Bots& b = by[s.ticket_key(i)];
    ++b.bot_tickets;
    b.contained += contained(s.in.facts[i]);
  }
  for (size_t i : s.in.answered.in(s.window)) {
    const Survey& v = s.in.data.surveys[i];
    if (v.kind != SurveyKind::csat) continue;
    Bots& b = by[s.survey_key(v)];
    const bool top = v.score >= v.scale_max - 1;  // as csat (docs/kpis.md, "csat")
    const Ticket* t = s.in.ticket(v.ticket);
    if (t && contained(s.in.facts[s.in.ticket_by_id.at(t->id)])) {
      ++b.bot_csat_n;
      b.bot_csat_top += top;
    } else {
      ++b.rest_csat_n;
      b.rest_csat_top += top;
    }
  }
  return by;
}

}  // namespace

void bot_kpis(const Slice& s, Emitter& e) {
  const ByKey<Bots> by = collect(s);
  for (const auto& key : keys_of(s, by)) {
    const Bots& b = at_or_empty(by, key);
    // docs/kpis.md, "bot_share".
    e.rate({"bot_share", "rate", "%",
            "tickets whose first public response is a bot's / tickets "
            "with a first response"},
           key, b.bot_first, b.responded, "no first response in the window");
    // docs/kpis.md, "bot_containment_rate".
    e.rate({"bot_containment_rate", "rate", "%",
            "bot-answered tickets resolved with no public human reply and never reopened / "
            "bot-answered tickets"},
           key, b.contained, b.bot_tickets, "no ticket answered by a bot in the window");
    // docs/kpis.md, "bot_csat"; variant human: csat of every other response.
    e.rate({"bot_csat", "rate", "%", "CSAT top-two share on tickets resolved by a bot alone"}, key,
           b.bot_csat_top, b.bot_csat_n, "no CSAT response on a bot-only ticket");
    e.rate({"bot_csat", "rate", "%", "CSAT top-two share on all other responses", "human"}, key,
           b.rest_csat_top, b.rest_csat_n, "no other CSAT response");
  }
}

}  // namespace dp::kpi
