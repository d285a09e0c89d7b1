// Stop words for subject keywords (docs/statistics.md, "Subject keywords"). Written in
// folded form (no accents) because subjects are folded before the lookup. Words under
// three letters are dropped by length first; the few listed keep is_stop_word honest.
#include <string_view>
#include <unordered_set>

#include "kpi/topics.h"

namespace dp::kpi {
namespace {

constexpr std::string_view kEnglish[] = {
    "about",      "above",   "after",    "again",   "against", "all",       "also",    "am",
    "and",        "any",     "are",      "aren",    "because", "been",      "before",  "being",
    "below",      "between", "both",     "but",     "can",     "cannot",    "could",   "couldn",
    "did",        "didn",    "does",     "doesn",   "doing",   "don",       "down",    "during",
    "each",       "few",     "for",      "from",    "further", "get",       "gets",    "getting",
    "got",        "had",     "hadn",     "has",     "hasn",    "have",      "haven",   "having",
    "her",        "here",    "hers",     "herself", "him",     "himself",   "his",     "how",
    "into",       "isn",     "its",      "itself",  "just",    "let",       "like",    "more",
    "most",       "mustn",   "myself",   "nor",     "not",     "now",       "off",     "once",
    "only",       "other",   "ought",    "our",     "ours",    "ourselves", "out",     "over",
    "own",        "same",    "shall",    "shan",    "she",     "should",    "shouldn", "some",
    "such",       "than",    "that",     "the",     "their",   "theirs",    "them",    "themselves",
    "then",       "there",   "these",    "they",    "this",    "those",     "through", "too",
    "under",      "until",   "very",     "was",     "wasn",    "were",      "weren",   "what",
    "when",       "where",   "which",    "while",   "who",     "whom",      "why",     "will",
    "with",       "won",     "would",    "wouldn",  "you",     "your",      "yours",   "yourself",
    "yourselves", "still",   "since",    "yet",     "via",     "per",       "one",     "two",
    "any",        "anyone",  "anything", "cant",    "dont",    "doesnt",    "didnt",   "isnt",
    "wont",       "ive",     "im"};

constexpr std::string_view kItalian[] = {
    // articles and articulated prepositions
    "gli", "uno", "una", "del", "dello", "della", "dei", "degli", "delle", "dell", "nel", "nello",
    "nella", "nei", "negli", "nelle", "nell", "al", "allo", "alla", "ai", "agli", "alle", "all",
    "dal", "dallo", "dalla", "dai", "dagli", "dalle", "dall", "sul", "sullo", "sulla", "sui",
    "sugli", "sulle", "sull", "col", "coi",
    // prepositions and conjunctions
    "per", "tra", "fra", "con", "senza", "che", "chi", "cui", "non", "come", "dove", "quando",
    "perche", "anche", "ancora", "pero", "oppure", "quindi", "dopo", "prima", "sopra", "sotto",
    "dentro", "fuori", "verso", "mentre", "poi", "gia", "piu", "meno", "molto", "poco", "tutto",
    "tutti", "tutta", "tutte", "ogni", "solo", "sempre", "mai", "qui", "qua", "cosa",
    // pronouns and possessives
    "io", "lui", "lei", "noi", "voi", "loro", "mio", "mia", "miei", "mie", "tuo", "tua", "tuoi",
    "tue", "suo", "sua", "suoi", "sue", "nostro", "nostra", "nostri", "nostre", "vostro", "vostra",
    "vostri", "vostre", "questo", "questa", "questi", "queste", "quello", "quella", "quelli",
    "quelle", "quell", "quel", "quei", "quale", "quali", "altro", "altra", "altri", "altre",
    "stesso", "stessa", "mio", "glielo", "gliela", "vi", "ci", "si", "mi", "ti",
    // auxiliaries (essere, avere, stare, potere, dovere, fare)
    "sono", "sei", "siamo", "siete", "era", "erano", "ero", "stato", "stata", "stati", "state",
    "essere", "sara", "sarebbe", "sia", "siano", "fosse", "ho", "hai", "abbiamo", "avete", "hanno",
    "aveva", "avevo", "avere", "avuto", "abbia", "avrei", "sto", "sta", "stai", "stanno", "posso",
    "puoi", "puo", "possiamo", "potete", "possono", "potrei", "potete", "devo", "deve", "dobbiamo",
    "devono", "dovrei", "faccio", "fa", "fanno", "fare", "fatto", "viene", "vengono"};

// Words that every helpdesk subject carries and that say nothing about the topic.
constexpr std::string_view kFiller[] = {
    "re",       "fw",           "fwd",       "hi",        "please",      "pls",
    "help",     "issue",        "issues",    "problem",   "problems",    "ticket",
    "tickets",  "urgent",       "urgente",   "hello",     "thanks",      "thank",
    "regards",  "request",      "question",  "info",      "information", "ciao",
    "grazie",   "buongiorno",   "buonasera", "salve",     "gentile",     "problema",
    "problemi", "richiesta",    "richieste", "domanda",   "aiuto",       "informazioni",
    "info",     "urgentissimo", "risposta",  "automatic", "reply",       "auto"};

const std::unordered_set<std::string_view>& stop_words() {
  static const std::unordered_set<std::string_view> words = [] {
    std::unordered_set<std::string_view> s;
    for (auto w : kEnglish) s.insert(w);
    for (auto w : kItalian) s.insert(w);
    for (auto w : kFiller) s.insert(w);
    return s;
  }();
  return words;
}

}  // namespace

bool is_stop_word(std::string_view word) {
  return stop_words().count(word) > 0;
}

}  // namespace dp::kpi
