#include "asterisk/log_file.h"

namespace dp::asterisk {

namespace {

Error cannot_read(const Error& e) {
  return make_error("cannot read " + e.where + ": " + e.message);
}

}  // namespace

Result<void> TailedFileSource::health_check() {
  if (auto ok = tail::check_regular_file(path_, kLogFile.follow_symlinks); !ok)
    return make_error(cannot_read(ok.error()).message, name_);
  return {};
}

Result<tail::TailRead> TailedFileSource::read(const tail::Position& from, size_t max_lines) const {
  return tail::tail_read(path_, from, max_lines, kLogFile);
}

Result<void> for_each_line(const std::string& path,
                           const std::function<void(uint64_t, std::string_view)>& take,
                           std::vector<Rejection>& rejected, ReplacedBytes* replaced) {
  tail::Options whole = kLogFile;
  whole.final = true;
  auto in = tail::Tail::open(path, {}, whole);
  if (!in) return cannot_read(in.error());
  while (auto l = in->next()) {
    if (l->bad != tail::Bad::none) {
      rejected.push_back({in->where(*l), "", tail::bad_line_message(l->bad)});
      continue;
    }
    if (replaced && !ReplacedBytes::clean(l->text)) replaced->see(in->where(*l), l->text);
    take(l->number, l->text);
  }
  if (!in->error().empty()) return make_error("cannot read " + path + ": " + in->error());
  return {};
}

}  // namespace dp::asterisk
