// Every connector deskpulse knows, listed explicitly. To add one: its spec, its
// factory, and a line in each table below.
#include "app/registry.h"

#include <functional>

#include "asterisk/cdr_source.h"
#include "asterisk/queue_log_source.h"
#include "asterisk/spec.h"
#include "files/source.h"
#include "outbox/sink.h"
#include "rt/options.h"
#include "rt/sink.h"
#include "rt/source.h"
#include "twilio/twilio.h"
#include "wazo/wazo.h"

namespace dp::app {
namespace {

using SourceFactory = std::function<Result<std::unique_ptr<Source>>(const config::Block&)>;
using SinkFactory = std::function<Result<std::unique_ptr<Sink>>(const config::Block&)>;

struct Entry {
  config::ConnectorSpec spec;
  SourceFactory source;
  SinkFactory sink;
};

const std::vector<Entry>& entries() {
  static const std::vector<Entry> all{
      {rt::rt_spec(), rt::make_rt_source, rt::make_rt_sink},
      {asterisk::asterisk_queue_log_spec(), asterisk::make_queue_log_source, nullptr},
      {asterisk::asterisk_cdr_spec(), asterisk::make_cdr_source, nullptr},
      {wazo::wazo_spec(), wazo::make_wazo_source, nullptr},
      {twilio::twilio_spec(), twilio::make_twilio_source, nullptr},
      {files::files_spec(),
       [](const config::Block& b) -> Result<std::unique_ptr<Source>> {
         return files::make_file_source(b);
       },
       nullptr},
      {outbox::outbox_spec(), nullptr,
       [](const config::Block& b) -> Result<std::unique_ptr<Sink>> {
         return outbox::make_outbox_sink(b);
       }},
  };
  return all;
}

const Entry* find(const std::string& type) {
  for (const auto& e : entries())
    if (e.spec.type == type) return &e;
  return nullptr;
}

}  // namespace

const std::vector<config::ConnectorSpec>& connector_specs() {
  static const std::vector<config::ConnectorSpec> specs = [] {
    std::vector<config::ConnectorSpec> out;
    for (const auto& e : entries()) out.push_back(e.spec);
    return out;
  }();
  return specs;
}

Result<std::unique_ptr<Source>> make_source(const config::Block& block) {
  const Entry* e = find(block.type);
  if (!e || !e->source)
    return make_error("connector type '" + block.type + "' is not a source", block.where);
  return e->source(block);
}

Result<std::unique_ptr<Sink>> make_sink(const config::Block& block) {
  const Entry* e = find(block.type);
  if (!e || !e->sink)
    return make_error("connector type '" + block.type + "' is not a sink", block.where);
  return e->sink(block);
}

Result<Batch> read_quick_source(const std::string& spec) {
  auto colon = spec.find(':');
  if (colon == std::string::npos)
    return make_error("expected TYPE:PATH, e.g. asterisk-queue-log:/var/log/asterisk/queue_log");
  std::string type = spec.substr(0, colon), path = spec.substr(colon + 1);
  if (type == "files") return files::read_directory(path);
  if (type == "asterisk-queue-log") return asterisk::read_queue_log_file(path, {});
  if (type == "asterisk-cdr") return asterisk::read_cdr_file(path, {});
  return make_error("unknown source type '" + type +
                    "' for --source (files, asterisk-queue-log, asterisk-cdr)");
}

}  // namespace dp::app
