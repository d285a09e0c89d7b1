// docs/reports.md, "Staffing for next week": the staffing plan's peak per queue.
#include "report/staffing_section.h"

#include <cstdio>
#include <map>

#include "kpi/windows.h"
#include "report/scope.h"
#include "staffing/plan.h"

namespace dp::report {
namespace {

using namespace std::chrono;

// "Mon 30 Nov 10:00-10:30" in the report zone.
std::string interval_text(const staffing::Slot& s, const std::string& zone) {
  auto text = [&](Time t, bool with_day) {
    const local_seconds lt = utc_to_local(t, zone).value_or(local_seconds{t.time_since_epoch()});
    const local_days day = floor<days>(lt);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> hms{lt - day};
    static const char* kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[48];
    if (with_day)
      std::snprintf(buf, sizeof buf, "%s %u %s %02d:%02d", kDays[weekday{day}.iso_encoding() - 1],
                    unsigned(ymd.day()), kMonths[unsigned(ymd.month()) - 1],
                    int(hms.hours().count()), int(hms.minutes().count()));
    else
      std::snprintf(buf, sizeof buf, "%02d:%02d", int(hms.hours().count()),
                    int(hms.minutes().count()));
    return std::string(buf);
  };
  return text(s.start, true) + "\u2013" + text(s.start + s.length, false);
}

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// The queues a team's report plans: the team's (scope.h), or every queue with calls.
std::vector<std::string> queues_of(const Records& data, const kpi::Context& ctx,
                                   const std::string& team) {
  std::vector<std::string> out;
  std::map<std::string, bool> with_calls;
  for (const Call& c : data.calls)
    if (c.direction == Direction::inbound) with_calls[c.queue] = true;
  const auto teams = team.empty() ? std::map<std::string, std::string>{} : queue_teams(data, ctx);
  for (const auto& [queue, _] : with_calls) {
    if (!team.empty()) {
      auto it = teams.find(queue);
      if (it == teams.end() || it->second != team) continue;
    }
    out.push_back(queue);
  }
  return out;
}

Block heading(std::string text) {
  Block b;
  b.kind = Block::Kind::heading;
  b.text = std::move(text);
  return b;
}

Block note(std::string text) {
  Block b;
  b.kind = Block::Kind::note;
  b.text = std::move(text);
  return b;
}

}  // namespace

std::vector<Block> staffing_blocks(const Records& data, const kpi::Context& ctx,
                                   const std::string& team, const kpi::Window& period) {
  const std::string& zone = ctx.options.report_zone;
  std::vector<Block> out;
  auto week = kpi::parse_period(kpi::iso_week_label(period.to, zone), zone);
  out.push_back(heading("Staffing for next week" + (week ? " (" + week->label + ")" : "")));
  if (!week) {
    out.push_back(note("No plan: " + week.error().message));
    return out;
  }
  const auto queues = queues_of(data, ctx, team);
  if (queues.empty()) {
    out.push_back(note("No plan: no calls in the queues of " +
                       (team.empty() ? std::string("any team") : team) + "."));
    return out;
  }
  staffing::PlanOptions o;
  o.week = *week;
  o.zone = zone;
  o.interval = std::max(Seconds{60}, ctx.options.erlang_interval);
  o.sl_target = ctx.options.sl_target;
  o.sl_threshold = ctx.options.sl_threshold;
  o.min_sample = ctx.options.min_sample;
  o.queues = queues;
  const staffing::Plan plan = staffing::plan(data, o);
  Block t;
  t.kind = Block::Kind::table;
  t.table.header = {"Queue",          "Peak interval",          "Calls forecast",
                    "Agents advised", "Expected service level", "Method"};
  for (const auto& q : plan.calls) {
    const staffing::IntervalPlan* peak = staffing::peak_interval(q);
    std::vector<Cell> row{Cell(q.queue, Tone::normal, {}, {}, 0, false)};
    if (!peak || !peak->agents) {
      const std::string why = !q.reason.empty() ? q.reason
                              : peak            ? peak->reason
                                                : "no calls forecast";
      row.push_back(Cell(why, Tone::muted, {}, {}, 0, false));
      for (int i = 0; i < 4; ++i) row.push_back(Cell("\u2013", Tone::muted));
      t.table.rows.push_back(std::move(row));
      continue;
    }
    const std::string method = q.measure.method == "erlang_a" ? "Erlang A" : "Erlang C";
    row.push_back(Cell(interval_text(peak->slot, zone), Tone::normal, {}, {}, 0, false));
    row.push_back(Cell(fixed(*peak->forecast_calls, 1), Tone::normal,
                       "AHT " + fixed(q.measure.aht_s.value_or(0), 0) + " s"));
    row.push_back(Cell(std::to_string(*peak->agents)));
    row.push_back(Cell(peak->service_level ? fixed(*peak->service_level * 100, 1) + "%" : "\u2013",
                       Tone::normal,
                       peak->asa_s ? "ASA " + fixed(*peak->asa_s, 0) + " s" : std::string()));
    row.push_back(Cell(
        method, Tone::normal,
        q.measure.patience_s ? "patience " + fixed(*q.measure.patience_s, 0) + " s" : std::string(),
        {}, 0, false));
    t.table.rows.push_back(std::move(row));
  }
  out.push_back(std::move(t));
  out.push_back(
      note("The busiest " + std::to_string(o.interval.count() / 60) +
           "-minute interval of each queue: calls forecast from the weeks before (weekday x "
           "time of day, with a trend), agents for " +
           std::to_string(int(o.sl_target * 100 + 0.5)) + "% answered within " +
           std::to_string(o.sl_threshold.count()) +
           " s. Every interval and the forecast's measured error: deskpulse staffing --week " +
           week->label + "."));
  return out;
}

void insert_section(Document& d, std::vector<Block> blocks) {
  auto at = d.blocks.end();
  for (auto it = d.blocks.begin(); it != d.blocks.end(); ++it)
    if (it->kind == Block::Kind::heading && it->text == "Every KPI") {
      at = it;
      break;
    }
  d.blocks.insert(at, std::make_move_iterator(blocks.begin()),
                  std::make_move_iterator(blocks.end()));
}

}  // namespace dp::report
