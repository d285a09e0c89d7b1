// Shared inputs of the report tests: the generated demo data with the demo config's
// targets, and a tiny hand-made team for the edge cases.
#pragma once

#include <cairo.h>
#include <gtest/gtest.h>

#include <string>

#include "gen/generate.h"
#include "kpi/options.h"
#include "kpi/windows.h"
#include "model/records.h"

namespace dp::report::test {

// The demo config's calendars (config/demo.yaml): business hours are real, not 24x7.
inline kpi::Calendar weekdays(const char* name, const char* zone, int open_h, int close_h) {
  kpi::Calendar c;
  c.name = name;
  c.zone = zone;
  for (int d = 0; d < 5; ++d) c.week[d] = {{open_h * 60, close_h * 60}};
  return c;
}

inline kpi::Context context_for(const Records& data) {
  kpi::Context ctx;
  ctx.options.report_zone = "Europe/Rome";
  for (const auto& c :
       {weekdays("billing", "Europe/Rome", 9, 18), weekdays("tech", "America/New_York", 8, 20),
        weekdays("onboarding", "Europe/London", 9, 17)})
    ctx.calendars[c.name] = c;
  for (const auto& a : data.agents) ctx.agents[a.id] = a;
  ctx.options.targets.frt = Seconds{4 * 3600};
  ctx.options.targets.kpi = {{"frt", 4 * 3600.0}, {"csat", 85},          {"fcr", 70},
                             {"reopen_rate", 5},  {"service_level", 80}, {"asa", 30}};
  return ctx;
}

// The last generated week: options.start + weeks, minus one week.
inline kpi::Window last_week(const gen::GenOptions& o, const std::string& zone = "Europe/Rome") {
  Time last = o.start + std::chrono::days(7 * (o.weeks - 1));
  auto w = kpi::parse_period(kpi::iso_week_label(last, zone), zone);
  EXPECT_TRUE(w.ok());
  return *w;
}

struct Png {
  int width = 0, height = 0;
  bool ok = false;
};

inline Png decode_png(const std::string& bytes) {
  struct Reader {
    const std::string* s;
    size_t at = 0;
  } r{&bytes};
  cairo_surface_t* img = cairo_image_surface_create_from_png_stream(
      [](void* c, unsigned char* data, unsigned int len) {
        auto* rd = static_cast<Reader*>(c);
        if (rd->at + len > rd->s->size()) return CAIRO_STATUS_READ_ERROR;
        std::copy_n(rd->s->data() + rd->at, len, data);
        rd->at += len;
        return CAIRO_STATUS_SUCCESS;
      },
      &r);
  Png p;
  p.ok = cairo_surface_status(img) == CAIRO_STATUS_SUCCESS;
  if (p.ok) {
    p.width = cairo_image_surface_get_width(img);
    p.height = cairo_image_surface_get_height(img);
  }
  cairo_surface_destroy(img);
  return p;
}

// The HTML between the heading `title` and the next heading.
inline std::string html_section(const std::string& html, const std::string& title) {
  auto at = html.find(">" + title + "</h2>");
  if (at == std::string::npos) return "";
  auto end = html.find("<h2", at);
  return html.substr(at, end == std::string::npos ? std::string::npos : end - at);
}

inline Time at(const char* rfc3339) {
  return *parse_rfc3339(rfc3339);
}

// A resolved ticket owned by `agent`: created, one public reply after `reply_min`
// minutes, resolved an hour later; optionally a CSAT response.
inline void add_ticket(Records& d, const std::string& id, const std::string& agent,
                       const std::string& queue, Time created, int reply_min,
                       std::optional<double> csat = std::nullopt) {
  Ticket t;
  t.id = "t:" + id;
  t.queue = queue;
  t.channel = Channel::email;
  t.requester = "cust-" + id;
  t.owner = agent;
  t.subject = "Invoice question " + id;
  t.tags = {"invoice"};
  t.status = TicketStatus::resolved;
  t.created_at = created;
  t.updated_at = created + std::chrono::hours(2);
  d.tickets.push_back(t);
  auto ev = [&](EventType type, Time when, bool pub, std::optional<std::string> to = {}) {
    TicketEvent e;
    e.ticket = t.id;
    e.at = when;
    e.type = type;
    e.actor = type == EventType::created ? t.requester : agent;
    e.is_public = pub;
    e.to = to;
    e.id = event_key(e);
    d.events.push_back(e);
  };
  ev(EventType::created, created, true);
  const Time reply = created + std::chrono::minutes(reply_min);
  ev(EventType::agent_reply, reply, true);
  ev(EventType::status_change, reply + std::chrono::hours(1), false, "resolved");
  if (csat) {
    Survey s;
    s.kind = SurveyKind::csat;
    s.score = *csat;
    s.at = reply + std::chrono::hours(2);
    s.ticket = t.id;
    s.agent = agent;
    s.id = survey_key(s);
    d.surveys.push_back(s);
  }
}

}  // namespace dp::report::test
