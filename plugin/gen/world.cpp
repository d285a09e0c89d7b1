#include "gen/world.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "gen/rng.h"

namespace dp::gen {
namespace {

using namespace std::chrono;

constexpr Topic kBilling[] = {
    {"invoice",
     {"Wrong amount on invoice {n}", "Invoice {n} not received"},
     {"Importo errato sulla fattura {n}", "Fattura {n} non ricevuta"}},
    {"refund",
     {"Refund request for order {n}", "Still waiting for my refund"},
     {"Richiesta di rimborso per l'ordine {n}", "Rimborso non ancora arrivato"}},
    {"payment_failed",
     {"Payment failed with my card", "Card declined on renewal"},
     {"Pagamento non riuscito con la carta", "Carta rifiutata al rinnovo"}},
    {"vat",
     {"VAT number missing on invoice {n}", "Change VAT details"},
     {"Partita IVA mancante sulla fattura {n}", "Modifica dati IVA"}},
    {"subscription",
     {"Cancel my subscription", "Upgrade subscription plan"},
     {"Disdetta dell'abbonamento", "Cambio piano di abbonamento"}},
};
constexpr Topic kTech[] = {
    {"login",
     {"Cannot log in since this morning", "Login loop on mobile app"},
     {"Non riesco ad accedere", "Accesso bloccato dall'app"}},
    {"password_reset",
     {"Password reset link expired", "No password reset email"},
     {"Link per reimpostare la password scaduto", "Email di reset password non arrivata"}},
    {"api_error",
     {"API returns error 500 on /orders", "API rate limit errors since update {n}"},
     {"Errore 500 dalle API", "Errori di limite API"}},
    {"outage",
     {"Service down? Dashboard not loading", "Outage in EU region"},
     {"Servizio non disponibile", "Dashboard non si carica"}},
    {"slow",
     {"App very slow when exporting reports", "Search takes minutes"},
     {"Applicazione molto lenta", "Ricerca lentissima"}},
    {"bug",
     {"Export to CSV drops the last column", "Wrong totals in report {n}"},
     {"Esportazione CSV senza ultima colonna", "Totali errati nel report {n}"}},
};
constexpr Topic kOnboarding[] = {
    {"account_setup",
     {"Help setting up our account", "Add users to account {n}"},
     {"Aiuto per configurare l'account", "Aggiungere utenti all'account {n}"}},
    {"data_import",
     {"Importing customers from our old system", "Import of file {n} failed"},
     {"Importazione clienti dal vecchio sistema", "Importazione del file {n} fallita"}},
    {"training",
     {"Request for a training session", "Training for new team members"},
     {"Richiesta di una sessione di formazione", "Formazione per nuovi colleghi"}},
    {"integration",
     {"Connecting to our CRM", "Webhook setup for account {n}"},
     {"Collegamento al nostro CRM", "Configurazione webhook per l'account {n}"}},
};

// The first three teams; further ones are copies of these in turn under other names.
const std::array<Team, 3> kTeams{{
    {"billing", "billing", "Europe/Rome", 0.38, 0.35, 9, 18, 0.45, kBilling},
    {"tech", "tech", "America/New_York", 0.42, 0.45, 8, 20, 0.03, kTech},
    {"onboarding", "onboarding", "Europe/London", 0.20, 0.20, 9, 17, 0.0, kOnboarding},
}};

constexpr std::array<std::array<std::string_view, 7>, 3> kNames{{
    {"giulia.rossi", "marco.bianchi", "sara.conti", "luca.ferrari", "elena.greco", "paolo.romano",
     "chiara.ricci"},
    {"james.miller", "emily.davis", "michael.brown", "olivia.wilson", "daniel.moore",
     "sophia.taylor", "ryan.clark"},
    {"oliver.smith", "amelia.jones", "harry.evans", "isla.walker", "jack.wright", "poppy.hughes",
     ""},
}};

// Logins of agents beyond the named ones above: every first name with every last name,
// none of them one of the names above, then the same again with ".2", ".3", ...
constexpr std::string_view kFirst[] = {"anna",   "matteo", "francesca", "davide", "laura", "andrea",
                                       "noah",   "grace",  "ethan",     "chloe",  "lucas", "mia",
                                       "george", "freya",  "thomas",    "lily"};
constexpr std::string_view kLast[] = {"marino",   "costa",   "gallo",    "fontana",  "moretti",
                                      "lombardi", "johnson", "anderson", "thompson", "white",
                                      "harris",   "martin",  "roberts",  "hall",     "lewis"};

std::string extra_login(size_t k) {
  constexpr size_t nf = std::size(kFirst), pairs = nf * std::size(kLast);
  std::string login =
      std::string(kFirst[k % nf]) + "." + std::string(kLast[k / nf % std::size(kLast)]);
  if (k >= pairs) login += "." + std::to_string(k / pairs + 1);
  return login;
}

// The login of the `i`-th agent of team `t`: the named cast first, then extra ones,
// counted by `extra`.
std::string login_of(size_t t, size_t i, size_t& extra) {
  if (t < kNames.size() && i < kNames[t].size() && !kNames[t][i].empty())
    return std::string(kNames[t][i]);
  return extra_login(extra++);
}

// Days before the start and after the end for which zone offsets are kept: ticket
// lives are drawn past the end before being cut there.
constexpr int kMarginDays = 400;

}  // namespace

std::string display_name(std::string_view login) {
  std::string out;
  bool start = true;
  for (char c : login) {
    if (c == '.') {
      out += ' ';
      start = true;
      continue;
    }
    out += start && c >= 'a' && c <= 'z' ? char(c - 'a' + 'A') : c;
    start = false;
  }
  return out;
}

World::World(const GenOptions& opt) : opt_(opt), end_(opt.start + days{opt.weeks * 7}) {
  make_teams();
  make_queues();
  make_agents();
  bot_ = id("helpbot");
  make_offsets();
}

void World::make_teams() {
  for (size_t t = 0; t < opt_.teams; ++t) {
    Team team = kTeams[t % kTeams.size()];
    if (t >= kTeams.size()) {
      char name[32];
      std::snprintf(name, sizeof name, "team%02zu", t + 1);
      team.name = name;
    }
    teams_.push_back(std::move(team));
    ticket_weights_.push_back(teams_.back().ticket_share);
  }
}

// Queue q belongs to team q % teams: one per team in turn, so the default's three
// queues are its three teams'; a team's second queue is "<team>-2" and so on.
void World::make_queues() {
  size_t n = opt_.queues ? opt_.queues : teams_.size();
  std::vector<size_t> per_team(teams_.size());
  for (size_t q = 0; q < n; ++q) ++per_team[q % teams_.size()];
  for (size_t q = 0; q < n; ++q) {
    size_t t = q % teams_.size(), round = q / teams_.size();
    std::string name = teams_[t].name;
    if (round > 0) name += "-" + std::to_string(round + 1);
    queues_.push_back({std::move(name), t, teams_[t].call_share / double(per_team[t])});
    call_weights_.push_back(queues_.back().call_share);
  }
}

// Agents spread evenly, the first teams one more; quality and speed drawn in team order.
void World::make_agents() {
  by_team_.resize(teams_.size());
  Rng rng(opt_.seed, 1, 0);
  size_t extra = 0;
  for (size_t t = 0; t < teams_.size(); ++t) {
    size_t n = opt_.agents / teams_.size() + (t < opt_.agents % teams_.size() ? 1 : 0);
    for (size_t i = 0; i < n; ++i) {
      std::string login = login_of(t, i, extra);
      double quality = std::clamp(rng.normal(0.1, 0.45), -1.0, 1.0);
      double speed = rng.lognormal(1.0, 0.3);
      by_team_[t].push_back(agents_.size());
      agents_.push_back({id(login), t, quality, speed, display_name(login)});
    }
  }
}

// One table per zone: team t keeps the zone of kTeams[t % 3].
void World::make_offsets() {
  first_day_ = floor<days>(opt_.start) - days{2};
  int span = opt_.weeks * 7 + kMarginDays;
  offsets_.resize(kTeams.size());
  for (size_t t = 0; t < kTeams.size(); ++t) {
    std::string zone(kTeams[t].zone);
    offsets_[t].reserve(span);
    for (int d = 0; d < span; ++d) {
      local_seconds noon{(first_day_ + days{d}).time_since_epoch() + hours{12}};
      auto utc = local_to_utc(noon, zone);
      offsets_[t].push_back(
          utc ? duration_cast<Seconds>(noon.time_since_epoch() - utc->time_since_epoch())
              : Seconds{0});
    }
  }
}

Seconds World::offset(size_t team, sys_days local_day) const {
  const auto& v = offsets_[team % offsets_.size()];
  long i = (local_day - first_day_).count();
  return v[size_t(std::clamp<long>(i, 0, long(v.size()) - 1))];
}

Time World::to_utc(size_t team, sys_days day, Seconds tod) const {
  return Time{day.time_since_epoch()} + tod - offset(team, day);
}

sys_days World::local_day(size_t team, Time t) const {
  auto guess = floor<days>(t);
  return floor<days>(t + offset(team, guess));
}

bool World::is_workday(sys_days d) const {
  weekday wd{d};
  return wd != Saturday && wd != Sunday;
}

bool World::in_hours(size_t team, Time t) const {
  sys_days d = local_day(team, t);
  Seconds tod = duration_cast<Seconds>(t + offset(team, d) - Time{d.time_since_epoch()});
  const Team& tm = teams_[team];
  return is_workday(d) && tod >= hours{tm.open_hour} && tod < hours{tm.close_hour};
}

Time World::next_open(size_t team, Time t) const {
  if (in_hours(team, t)) return t;
  sys_days d = local_day(team, t);
  Time open = to_utc(team, d, hours{teams_[team].open_hour});
  if (is_workday(d) && t < open) return open;
  do d += days{1};
  while (!is_workday(d));
  return to_utc(team, d, hours{teams_[team].open_hour});
}

}  // namespace dp::gen
