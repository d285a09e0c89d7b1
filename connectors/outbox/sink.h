// The outbox sink: writes what a helpdesk sink would write into local files, so a
// demo, a dry run or an admin can see every field write and report before pointing
// deskpulse at a real helpdesk.
#pragma once

#include <memory>
#include <string>

#include "config/keys.h"
#include "connector/report_names.h"
#include "connector/sink.h"

namespace dp::outbox {

// Layout of `dir`:
//   field_writes.jsonl       {"ticket":..,"field":..,"value":..} one per write
//   user_field_writes.jsonl  {"agent":..,"field":..,"value":..}
//   reports/<team>-<period>.html, .txt and the attachments, named <team>-<period>-<file>
// A report is posted once per team and period: its HTML, written last and whole, says
// it was posted, and a post that finds it is `existing` (as RT's reports queue does for
// the RT sink: a kill -9 between a post and the state recording it repeats nothing).
class OutboxSink : public Sink {
 public:
  OutboxSink(std::string name, std::string dir);
  std::string name() const override { return name_; }
  Result<void> health_check() override;
  SinkResult write_ticket_fields(const std::string& ticket,
                                 const std::vector<FieldValue>& values) override;
  SinkResult write_user_fields(const std::string& agent,
                               const std::vector<FieldValue>& values) override;
  SinkResult post_report(const ReportPost& r) override;

  const std::string& dir() const { return dir_; }

 private:
  SinkResult append_lines(const std::string& file, const std::string& lines);  // each ends in \n

  std::string name_;
  std::string dir_;
};

// A report's files in `dir` (<team>-<period>.html, .txt, and the attachments), each
// written whole under a temporary name and then renamed, the HTML last; files of the
// same names are replaced. `ref` names the HTML. `report --out` writes with it.
SinkResult write_report_files(const std::string& dir, const ReportPost& r);

config::ConnectorSpec outbox_spec();
std::unique_ptr<Sink> make_outbox_sink(const config::Block& block);

}  // namespace dp::outbox
