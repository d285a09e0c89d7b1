// Generated records straight into the file connector's NDJSON files.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>

#include "files/codec.h"
#include "gen/generate.h"

namespace dp::gen {
namespace {

class NdjsonDirSink : public RecordSink {
 public:
  static Result<std::unique_ptr<NdjsonDirSink>> open(const std::string& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return make_error(ec.message(), dir);
    auto sink = std::unique_ptr<NdjsonDirSink>(new NdjsonDirSink);
    for (files::Kind k : files::all_kinds()) {
      std::string path = dir + "/" + std::string(files::file_stem(k)) + ".ndjson";
      File& f = sink->files_[size_t(k)];
      f.path = path;
      f.fp.reset(std::fopen(path.c_str(), "wb"));
      if (!f.fp) return make_error(std::strerror(errno), path);
      std::setvbuf(f.fp.get(), nullptr, _IOFBF, 1 << 20);
    }
    return sink;
  }

  Result<void> put(const Ticket& v) override { return write(files::Kind::ticket, v); }
  Result<void> put(const TicketEvent& v) override { return write(files::Kind::event, v); }
  Result<void> put(const Call& v) override { return write(files::Kind::call, v); }
  Result<void> put(const Survey& v) override { return write(files::Kind::survey, v); }
  Result<void> put(const Customer& v) override { return write(files::Kind::customer, v); }
  Result<void> put(const Agent& v) override { return write(files::Kind::agent, v); }
  Result<void> put(const AgentSession& v) override { return write(files::Kind::session, v); }

  Result<void> close() {
    for (auto& f : files_) {
      if (std::fclose(f.fp.release()) != 0) return make_error(std::strerror(errno), f.path);
    }
    return {};
  }

 private:
  struct Close {
    void operator()(FILE* f) const {
      if (f) std::fclose(f);
    }
  };
  struct File {
    std::string path;
    std::unique_ptr<FILE, Close> fp;
  };

  template <class T>
  Result<void> write(files::Kind k, const T& v) {
    w_.reset();
    files::encode(w_, v);
    std::string line = w_.str();
    line += '\n';
    File& f = files_[size_t(k)];
    if (std::fwrite(line.data(), 1, line.size(), f.fp.get()) != line.size())
      return make_error(std::strerror(errno), f.path);
    return {};
  }

  File files_[7];
  json::Writer w_;
};

}  // namespace

Result<GenStats> write_ndjson_dir(const GenOptions& opt, const std::string& dir) {
  auto sink = NdjsonDirSink::open(dir);
  if (!sink) return sink.error();
  auto stats = generate_to(opt, **sink);
  auto closed = (*sink)->close();
  if (!stats) return stats;
  if (!closed) return closed.error();
  return stats;
}

}  // namespace dp::gen
