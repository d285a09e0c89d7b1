#include "kpi/topics.h"

#include "kpi/options.h"
#include "kpi/ticket_topics.h"

#include <gtest/gtest.h>

namespace dp::kpi {
namespace {

using Terms = std::vector<std::string>;

// RT's topic_field lands in the ticket's extra fields as "topic": top topics read it
// by default, before falling back to subject keywords.
TEST(TicketTopics, TheHelpdeskTopicFieldComesBeforeSubjectKeywords) {
  Ticket t;
  t.subject = "Invoice wrong again";
  t.extra = R"({"rt_status":"open","topic":"billing"})";
  Options o;
  EXPECT_EQ(ticket_topics(t, o), Terms{"billing"});
  t.tags = {"vip"};
  EXPECT_EQ(ticket_topics(t, o), Terms{"vip"});
  t.tags.clear();
  t.extra = R"({"rt_status":"open"})";
  EXPECT_EQ(ticket_topics(t, o).front(), "invoice");
}

TEST(SubjectTerms, EnglishWordsThenBigrams) {
  EXPECT_EQ(subject_terms("Re: FWD: Cannot login to the VPN - urgent please help!"),
            (Terms{"login", "vpn", "login vpn"}));
  EXPECT_EQ(subject_terms("Password reset email never arrives"),
            (Terms{"password", "reset", "email", "never", "arrives", "password reset",
                   "reset email", "email never", "never arrives"}));
}

TEST(SubjectTerms, ItalianWithAccentsFolded) {
  // UTF-8 "è", "à" and an apostrophe elision ("dell'ordine").
  EXPECT_EQ(subject_terms("Buongiorno, la fattura dell'ordine è sbagliata: perché?"),
            (Terms{"fattura", "ordine", "sbagliata", "fattura ordine", "ordine sbagliata"}));
  EXPECT_EQ(subject_terms("Problema con la CONSEGNA in città - grazie"),
            (Terms{"consegna", "citta", "consegna citta"}));
}

TEST(SubjectTerms, Latin1BytesFoldToo) {
  // An old mail client sending ISO-8859-1: "Qualità" with a bare 0xE0 byte.
  EXPECT_EQ(subject_terms(std::string("Qualit\xE0 servizio")),
            (Terms{"qualita", "servizio", "qualita servizio"}));
}

TEST(SubjectTerms, NumbersIdsAndShortWordsDropped) {
  EXPECT_EQ(subject_terms("Ticket #4711: printer HP4020 on floor 2 jammed"),
            (Terms{"printer", "floor", "jammed", "printer floor", "floor jammed"}));
  EXPECT_EQ(subject_terms("INC0012 ok ab"), Terms{});
}

TEST(SubjectTerms, UniqueWithinASubject) {
  EXPECT_EQ(subject_terms("refund refund refund"), (Terms{"refund", "refund refund"}));
}

TEST(SubjectTerms, OtherScriptsSeparateWords) {
  // U+2019 (right single quote) and an emoji are separators, not letters.
  EXPECT_EQ(subject_terms("customer\xE2\x80\x99s invoice \xF0\x9F\x98\xA1 wrong"),
            (Terms{"customer", "invoice", "wrong", "customer invoice", "invoice wrong"}));
}

TEST(SubjectTerms, EmptyAndFillerOnly) {
  EXPECT_EQ(subject_terms(""), Terms{});
  EXPECT_EQ(subject_terms("Re: help please, urgent!!! grazie"), Terms{});
}

TEST(StopWords, EnglishItalianAndFiller) {
  for (const char* w : {"the", "with", "della", "perche", "sono", "ticket", "richiesta", "re"})
    EXPECT_TRUE(is_stop_word(w)) << w;
  for (const char* w : {"invoice", "fattura", "login", "password"})
    EXPECT_FALSE(is_stop_word(w)) << w;
}

}  // namespace
}  // namespace dp::kpi
