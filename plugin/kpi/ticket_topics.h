// Which topics a ticket is about, per options.topic_source (docs/kpis.md, "top_topics").
#pragma once

#include <string>
#include <vector>

#include "kpi/options.h"
#include "model/records.h"

namespace dp::kpi {

// automatic: the ticket's tags; else the configured field; else subject keywords.
std::vector<std::string> ticket_topics(const Ticket& t, const Options& o);

// The one topic a ticket is filed under for fcr's "same topic" and
// resolution_consistency: the first of ticket_topics(), "" when none.
std::string primary_topic(const Ticket& t, const Options& o);

}  // namespace dp::kpi
