#include "kpi/ticket_topics.h"

#include "kpi/topics.h"
#include "model/json.h"

namespace dp::kpi {

namespace {

std::vector<std::string> field_topic(const Ticket& t, const std::string& field) {
  if (field.empty() || t.extra.empty()) return {};
  auto doc = json::parse(t.extra);
  if (!doc.ok() || !doc->IsObject()) return {};
  auto v = json::get_string(*doc, field.c_str());
  if (!v || v->empty()) return {};
  return {*v};
}

}  // namespace

std::vector<std::string> ticket_topics(const Ticket& t, const Options& o) {
  switch (o.topic_source) {
    case TopicSource::tags:
      return t.tags;
    case TopicSource::field:
      return field_topic(t, o.topic_field);
    case TopicSource::subject:
      return subject_terms(t.subject);
    case TopicSource::automatic:
      break;
  }
  if (!t.tags.empty()) return t.tags;
  if (auto f = field_topic(t, o.topic_field); !f.empty()) return f;
  return subject_terms(t.subject);
}

std::string primary_topic(const Ticket& t, const Options& o) {
  auto topics = ticket_topics(t, o);
  return topics.empty() ? std::string() : topics.front();
}

}  // namespace dp::kpi
