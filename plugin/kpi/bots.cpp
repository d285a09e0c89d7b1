// Chatbot KPIs (docs/kpis.md, "Chatbots"). Bots are the agents of kind bot.
#include "kpi/additive.h"
#include "kpi/families.h"
#include "kpi/family.h"

namespace dp::kpi {

namespace {

ByKey<BotTally> collect(const Slice& s) {
  ByKey<BotTally> by;
  for (size_t i : s.in.responded.in(s.window)) {
    BotTally& b = by[s.ticket_key(i)];
    ++b.responded;
    b.bot_first += s.in.facts[i].first_response_by_bot;
  }
  for (size_t i : s.in.bot_responded.in(s.window)) {
    BotTally& b = by[s.ticket_key(i)];
    ++b.bot_tickets;
    b.contained += bot_contained(s.in.facts[i]);
  }
  for (size_t i : s.in.answered.in(s.window)) {
    const Survey& v = s.in.data.surveys[i];
    if (v.kind != SurveyKind::csat) continue;
    const Ticket* t = s.in.ticket(v.ticket);
    add_bot_csat(by[s.survey_key(v)], v,
                 t && bot_contained(s.in.facts[s.in.ticket_by_id.at(t->id)]));
  }
  return by;
}

}  // namespace

bool bot_contained(const TicketFacts& f) {
  return f.bot_replied && f.resolved_at && f.public_human_replies == 0 && f.reopens == 0;
}

void add_bot_csat(BotTally& b, const Survey& v, bool contained) {
  const bool top = v.score >= v.scale_max - 1;  // as csat (docs/kpis.md, "csat")
  if (contained) {
    ++b.bot_csat_n;
    b.bot_csat_top += top;
  } else {
    ++b.rest_csat_n;
    b.rest_csat_top += top;
  }
}

void BotTally::merge(const BotTally& o, int sign) {
  responded += sign * o.responded;
  bot_first += sign * o.bot_first;
  bot_tickets += sign * o.bot_tickets;
  contained += sign * o.contained;
  bot_csat_n += sign * o.bot_csat_n;
  bot_csat_top += sign * o.bot_csat_top;
  rest_csat_n += sign * o.rest_csat_n;
  rest_csat_top += sign * o.rest_csat_top;
}

void emit_bots(Emitter& e, const std::string& key, const BotTally& b) {
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

void bot_kpis(const Slice& s, Emitter& e) {
  const ByKey<BotTally> by = collect(s);
  for (const auto& key : keys_of(s, by)) emit_bots(e, key, at_or_empty(by, key));
}

// Partials: tickets on the day of their first (bot) response, csat responses on the day
// of their answer.
void bot_build(CellBuild& b) {
  for (size_t i = 0; i < b.in.data.tickets.size(); ++i) {
    if (!b.ticket(i)) continue;
    const TicketFacts& f = b.in.facts[i];
    if (f.first_response) {
      BotTally& t = b.cell(b.ticket_key(i), *f.first_response).bots;
      t.responded++;
      t.bot_first += f.first_response_by_bot;
    }
    if (f.first_bot_response) {
      BotTally& t = b.cell(b.ticket_key(i), *f.first_bot_response).bots;
      t.bot_tickets++;
      t.contained += bot_contained(f);
    }
  }
  for (size_t i = 0; i < b.in.data.surveys.size(); ++i) {
    const Survey& v = b.in.data.surveys[i];
    if (!b.survey(i) || !b.in.survey_counts(v) || v.kind != SurveyKind::csat) continue;
    const auto t = v.ticket ? b.in.ticket_by_id.find(*v.ticket) : b.in.ticket_by_id.end();
    add_bot_csat(b.cell(b.keys.survey_key(v), v.at).bots, v,
                 t != b.in.ticket_by_id.end() && bot_contained(b.in.facts[t->second]));
  }
}

void bot_emit(const WindowCells& w, Emitter& e) {
  w.each([&](const std::string& key, const Cell& c) { emit_bots(e, key, c.bots); },
         [](const Cell& c) { return c.bots.bot_tickets > 0; });
}

}  // namespace dp::kpi
