#include "gen/world.h"

#include <algorithm>
#include <array>

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

const std::array<Team, 3> kTeams{{
    {"billing", "Europe/Rome", 0.38, 0.35, 9, 18, 0.45, kBilling},
    {"tech", "America/New_York", 0.42, 0.45, 8, 20, 0.03, kTech},
    {"onboarding", "Europe/London", 0.20, 0.20, 9, 17, 0.0, kOnboarding},
}};

constexpr std::array<std::array<std::string_view, 7>, 3> kNames{{
    {"giulia.rossi", "marco.bianchi", "sara.conti", "luca.ferrari", "elena.greco", "paolo.romano",
     "chiara.ricci"},
    {"james.miller", "emily.davis", "michael.brown", "olivia.wilson", "daniel.moore",
     "sophia.taylor", "ryan.clark"},
    {"oliver.smith", "amelia.jones", "harry.evans", "isla.walker", "jack.wright", "poppy.hughes",
     ""},
}};

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
  by_team_.resize(kTeams.size());
  Rng rng(opt.seed, 1, 0);
  for (size_t t = 0; t < kTeams.size(); ++t) {
    for (auto name : kNames[t]) {
      if (name.empty()) continue;
      double quality = std::clamp(rng.normal(0.1, 0.45), -1.0, 1.0);
      double speed = rng.lognormal(1.0, 0.3);
      by_team_[t].push_back(agents_.size());
      agents_.push_back({id(name), t, quality, speed, display_name(name)});
    }
  }
  bot_ = id("helpbot");
  first_day_ = floor<days>(opt.start) - days{2};
  int span = opt.weeks * 7 + kMarginDays;
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

std::span<const Team> World::teams() const {
  return kTeams;
}

Seconds World::offset(size_t team, sys_days local_day) const {
  const auto& v = offsets_[team];
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
  const Team& tm = kTeams[team];
  return is_workday(d) && tod >= hours{tm.open_hour} && tod < hours{tm.close_hour};
}

Time World::next_open(size_t team, Time t) const {
  if (in_hours(team, t)) return t;
  sys_days d = local_day(team, t);
  Time open = to_utc(team, d, hours{kTeams[team].open_hour});
  if (is_workday(d) && t < open) return open;
  do d += days{1};
  while (!is_workday(d));
  return to_utc(team, d, hours{kTeams[team].open_hour});
}

}  // namespace dp::gen
