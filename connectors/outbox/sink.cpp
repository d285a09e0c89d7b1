#include "outbox/sink.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>

#include "connector/report_names.h"
#include "model/json.h"

namespace fs = std::filesystem;

namespace dp::outbox {
namespace {

SinkResult failed(const std::string& what, const std::string& path) {
  return SinkResult{SinkStatus::error, what + " " + path, std::nullopt, ""};
}

// Whole or not at all: the bytes go to "<name>.tmp", reach the disk, then take the
// name. A kill leaves at most a .tmp file, which the next write of that name replaces.
bool write_file(const fs::path& path, const std::string& bytes) {
  fs::path tmp = path;
  tmp += ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return false;
  bool ok = true;
  for (size_t done = 0; ok && done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += size_t(n);
  }
  ok = ::fsync(fd) == 0 && ok;
  ok = ::close(fd) == 0 && ok;
  std::error_code ec;
  if (ok) fs::rename(tmp, path, ec);
  return ok && !ec;
}

}  // namespace

OutboxSink::OutboxSink(std::string name, std::string dir)
    : name_(std::move(name)), dir_(std::move(dir)) {}

Result<void> OutboxSink::health_check() {
  std::error_code ec;
  fs::create_directories(fs::path(dir_) / "reports", ec);
  if (ec) return make_error("cannot create outbox directory: " + ec.message(), dir_);
  return {};
}

SinkResult OutboxSink::append_lines(const std::string& file, const std::string& lines) {
  std::error_code ec;
  fs::create_directories(dir_, ec);
  fs::path path = fs::path(dir_) / file;
  std::ofstream out(path, std::ios::app);
  out << lines;
  if (!out.flush()) return failed("cannot write", path.string());
  return {};
}

// One JSON line per write: {"<target_key>": target, "field": .., "value": ..}.
static std::string write_line(const char* target_key, const std::string& target,
                              const std::string& field, const std::string& value) {
  json::Writer j;
  j.obj_begin();
  j.field(target_key, target);
  j.field("field", field);
  j.field("value", value);
  j.obj_end();
  return j.str();
}

SinkResult OutboxSink::write_ticket_fields(const std::string& ticket,
                                           const std::vector<FieldValue>& values) {
  std::string lines;
  for (const auto& v : values) lines += write_line("ticket", ticket, v.field, v.value) + '\n';
  return append_lines("field_writes.jsonl", lines);
}

SinkResult OutboxSink::write_user_fields(const std::string& agent,
                                         const std::vector<FieldValue>& values) {
  std::string lines;
  for (const auto& v : values) lines += write_line("agent", agent, v.field, v.value) + '\n';
  return append_lines("user_field_writes.jsonl", lines);
}

SinkResult write_report_files(const std::string& dir, const ReportPost& r) {
  const fs::path reports(dir);
  std::error_code ec;
  fs::create_directories(reports, ec);
  if (ec) return failed("cannot create", dir + ": " + ec.message());
  const std::string base = report_basename(r.team, r.period);
  // The HTML last: while it is missing, the post is not made.
  if (!r.text.empty() && !write_file(reports / (base + ".txt"), r.text))
    return failed("cannot write", (reports / (base + ".txt")).string());
  for (const auto& a : r.attachments) {
    fs::path p = reports / attachment_name(r.team, r.period, a.filename);
    if (!write_file(p, a.bytes)) return failed("cannot write", p.string());
  }
  const fs::path html = reports / (base + ".html");
  if (!write_file(html, r.html)) return failed("cannot write", html.string());
  return SinkResult{SinkStatus::ok, "", std::nullopt, html.string()};
}

SinkResult OutboxSink::post_report(const ReportPost& r) {
  if (auto h = health_check(); !h) return {SinkStatus::error, h.error().str(), std::nullopt, ""};
  const fs::path reports = fs::path(dir_) / "reports";
  const fs::path html = reports / (report_basename(r.team, r.period) + ".html");
  std::error_code ec;
  if (fs::exists(html, ec)) {
    SinkResult s{SinkStatus::ok,
                 "report '" + r.subject + "': already in the outbox as " + html.string() +
                     " (posted before, not posted again)",
                 std::nullopt, html.string()};
    s.existing = true;
    return s;
  }
  if (ec) return failed("cannot look for", html.string() + ": " + ec.message());
  return write_report_files(reports.string(), r);
}

config::ConnectorSpec outbox_spec() {
  return {"outbox",
          "Writes field writes (JSON lines) and report posts (HTML, text, images) into a "
          "local directory instead of a helpdesk: for the demo, dry runs and review.",
          false,
          true,
          {{"dir", config::KeyType::path, "outbox", "Directory that receives the writes", false}}};
}

std::unique_ptr<Sink> make_outbox_sink(const config::Block& block) {
  std::string dir = block.str("dir");
  return std::make_unique<OutboxSink>(block.name, dir.empty() ? "outbox" : dir);
}

}  // namespace dp::outbox
