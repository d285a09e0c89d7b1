#include "ops/progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <streambuf>

namespace dp::ops {

using std::chrono::milliseconds;
using TimePoint = std::chrono::steady_clock::time_point;

std::string format_count(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string format_bytes(uint64_t n) {
  if (n < 1000) return std::to_string(n) + " B";
  static const char* const units[] = {"kB", "MB", "GB", "TB", "PB"};
  double v = double(n);
  size_t u = 0;
  for (v /= 1000; v >= 999.95 && u + 1 < std::size(units); ++u) v /= 1000;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %s", v, units[u]);
  return buf;
}

std::string format_duration(std::chrono::seconds s) {
  const long long t = std::max<long long>(0, s.count());
  char buf[48];
  if (t >= 3600)
    std::snprintf(buf, sizeof buf, "%lld:%02lld:%02lld", t / 3600, t / 60 % 60, t % 60);
  else
    std::snprintf(buf, sizeof buf, "%lld:%02lld", t / 60, t % 60);
  return buf;
}

namespace {

bool is_bytes(const ProgressStep& s) {
  return s.unit == "bytes";
}
bool is_records(const ProgressStep& s) {
  return s.unit == "records";
}

std::string amount(const ProgressStep& s, uint64_t n) {
  return is_bytes(s) ? format_bytes(n) : format_count(n);
}

// Units per second, as shown: "45,000/s" for records, "12.1 MB/s", "900 tickets/s".
std::string rate_text(const ProgressStep& s, double per_second) {
  const auto n = uint64_t(per_second + 0.5);
  if (is_bytes(s)) return format_bytes(n) + "/s";
  if (is_records(s)) return format_count(n) + "/s";
  return format_count(n) + ' ' + std::string(s.unit) + "/s";
}

}  // namespace

std::string progress_text(const ProgressStep& s, milliseconds elapsed, bool final) {
  std::string out(s.what);
  out += ": ";
  const bool with_total = !final && s.total && *s.total > 0;
  out += amount(s, s.done);
  if (with_total) {
    out += " / " + amount(s, *s.total);
    if (!is_bytes(s)) out += ' ' + std::string(s.unit);
    out += " (" + std::to_string(std::min<uint64_t>(100, s.done * 100 / *s.total)) + "%)";
  } else if (!is_bytes(s)) {
    out += ' ' + std::string(s.unit);
  }
  if (s.records && !is_records(s)) out += ", " + format_count(*s.records) + " records";
  const double seconds = double(elapsed.count()) / 1000;
  if (final) out += " in " + format_duration(std::chrono::ceil<std::chrono::seconds>(elapsed));
  if (seconds > 0 && s.done > 0) {
    const double rate = double(s.done) / seconds;
    out += ", " + rate_text(s, rate);
    if (with_total && s.done < *s.total)
      out += ", ETA " + format_duration(std::chrono::seconds(
                            (long long)(double(*s.total - s.done) / rate + 0.999)));
  }
  return out;
}

namespace {

// A step's values, owning its strings.
struct Task {
  std::string what, unit;
  ProgressStep step;
  TimePoint start;
  void set(const ProgressStep& s) {
    if (what != s.what) what = s.what;
    if (unit != s.unit) unit = s.unit;
    step = s;
    step.what = what;
    step.unit = unit;
  }
};

class NoProgress : public Progress {
 public:
  void step(const ProgressStep&) override {}
  void finish() override {}
};

class RedrawProgress;
RedrawProgress* guarding_stderr = nullptr;  // the one whose line clear_progress_line() erases

// Put in place of a guarded stream's buffer: whatever is written through it erases
// the drawn line first, so it starts at the beginning of a clean line.
class GuardBuf : public std::streambuf {
 public:
  GuardBuf(std::streambuf* under, RedrawProgress& p) : under_(under), p_(p) {}
  std::streambuf* under() const { return under_; }

 protected:
  int overflow(int c) override;
  std::streamsize xsputn(const char* s, std::streamsize n) override;
  int sync() override { return under_->pubsync(); }

 private:
  std::streambuf* under_;
  RedrawProgress& p_;
};

class RedrawProgress : public Progress {
 public:
  explicit RedrawProgress(ProgressOptions o) : o_(std::move(o)) {
    if (!o_.out) {
      // Under another one's guard (a rebuild's progress while `run`'s lives), straight
      // to the terminal, and that one keeps guarding std::cerr.
      std::streambuf* under = std::cerr.rdbuf();
      auto* guarded = dynamic_cast<GuardBuf*>(under);
      own_out_ = std::make_unique<std::ostream>(guarded ? guarded->under() : under);
      o_.out = own_out_.get();
      if (!o_.guard && !guarded) o_.guard = &std::cerr;
    }
    if (o_.guard) {
      guard_ = std::make_unique<GuardBuf>(o_.guard->rdbuf(), *this);
      o_.guard->rdbuf(guard_.get());
      if (o_.guard == &std::cerr && !guarding_stderr) guarding_stderr = this;
    }
  }
  ~RedrawProgress() override {
    if (guarding_stderr == this) guarding_stderr = nullptr;
    finish();
    if (guard_ && o_.guard->rdbuf() == guard_.get()) o_.guard->rdbuf(guard_->under());
  }

  void step(const ProgressStep& s) override {
    const TimePoint now = o_.now();
    if (task_ && task_->what != s.what) finish();
    if (!task_) {
      task_.emplace();
      task_->start = now;
      last_draw_.reset();
      shown_ = false;
    }
    task_->set(s);
    if (now - task_->start < o_.first_draw) return;
    if (last_draw_ && now - *last_draw_ < o_.redraw_every) return;
    if (!others_at_line_start_) return;  // someone else's line is not ended yet
    draw(now, false);
  }

  void finish() override {
    if (!task_) return;
    if (shown_) draw(o_.now(), true);
    task_.reset();
  }

  // Called before someone else writes `n` bytes ending in `last`.
  void others_write(char last) {
    if (on_line_) {
      *o_.out << "\r\033[K" << std::flush;
      on_line_ = false;
    }
    others_at_line_start_ = last == '\n';
  }

 private:
  void draw(TimePoint now, bool final) {
    std::string text = progress_text(
        task_->step, std::chrono::duration_cast<milliseconds>(now - task_->start), final);
    if (o_.width > 1 && text.size() > o_.width - 1) text.resize(o_.width - 1);
    *o_.out << '\r' << text << "\033[K";
    if (final) *o_.out << '\n';
    *o_.out << std::flush;
    on_line_ = !final;
    shown_ = true;
    last_draw_ = now;
  }

  ProgressOptions o_;
  std::unique_ptr<std::ostream> own_out_;
  std::unique_ptr<GuardBuf> guard_;
  std::optional<Task> task_;
  std::optional<TimePoint> last_draw_;
  bool shown_ = false;    // the task's line was drawn (its end is drawn too)
  bool on_line_ = false;  // the cursor is at the end of a drawn line
  bool others_at_line_start_ = true;
};

int GuardBuf::overflow(int c) {
  if (c == traits_type::eof()) return traits_type::not_eof(c);
  p_.others_write(char(c));
  return under_->sputc(char(c));
}

std::streamsize GuardBuf::xsputn(const char* s, std::streamsize n) {
  if (n <= 0) return 0;
  p_.others_write(s[n - 1]);
  return under_->sputn(s, n);
}

class LinesProgress : public Progress {
 public:
  explicit LinesProgress(ProgressOptions o) : o_(std::move(o)) {
    if (!o_.log) o_.log = [](std::string_view msg, const Fields& f) { log_info(msg, f); };
  }
  ~LinesProgress() override { finish(); }

  void step(const ProgressStep& s) override {
    const TimePoint now = o_.now();
    if (task_ && task_->what != s.what) finish();
    if (!task_) {
      task_.emplace();
      task_->start = now;
      next_ = now + o_.line_every;
      logged_ = false;
    }
    task_->set(s);
    if (now < next_) return;
    line(now, false);
    next_ = now + o_.line_every;
  }

  void finish() override {
    if (!task_) return;
    if (logged_) line(o_.now(), true);
    task_.reset();
  }

 private:
  void line(TimePoint now, bool final) {
    const ProgressStep& s = task_->step;
    Fields f{{"task", std::string(s.what)}, {"done", std::to_string(s.done)}};
    if (s.total) f.emplace_back("total", std::to_string(*s.total));
    f.emplace_back("unit", std::string(s.unit));
    if (s.records && !is_records(s)) f.emplace_back("records", std::to_string(*s.records));
    if (final) f.emplace_back("finished", "true");
    o_.log(progress_text(s, std::chrono::duration_cast<milliseconds>(now - task_->start), final),
           f);
    logged_ = true;
  }

  ProgressOptions o_;
  std::optional<Task> task_;
  TimePoint next_;
  bool logged_ = false;
};

}  // namespace

void clear_progress_line() {
  if (guarding_stderr) guarding_stderr->others_write('\n');
}

std::unique_ptr<Progress> make_progress(ProgressOptions o) {
  if (!o.now) o.now = [] { return std::chrono::steady_clock::now(); };
  switch (o.mode) {
    case ProgressOptions::Mode::off:
      return std::make_unique<NoProgress>();
    case ProgressOptions::Mode::redraw:
      return std::make_unique<RedrawProgress>(std::move(o));
    case ProgressOptions::Mode::lines:
      break;
  }
  return std::make_unique<LinesProgress>(std::move(o));
}

ProgressOptions progress_options(bool tty, const char* term, const char* mode,
                                 const char* interval) {
  using Mode = ProgressOptions::Mode;
  ProgressOptions o;
  const std::string_view m = mode ? mode : "auto";
  if (m == "off" || m == "0" || m == "no")
    o.mode = Mode::off;
  else if (m == "plain" || m == "lines")
    o.mode = Mode::lines;
  else
    o.mode = tty && std::string_view(term ? term : "") != "dumb" ? Mode::redraw : Mode::lines;
  if (interval && *interval) {
    char* end = nullptr;
    const double s = std::strtod(interval, &end);
    if (end && *end == '\0' && s >= 0 && s < 1e6) {
      o.line_every = milliseconds((long long)(s * 1000));
      o.first_draw = std::min(o.first_draw, o.line_every);  // 0: nothing held back
    }
  }
  return o;
}

std::unique_ptr<Progress> make_progress() {
  const bool tty = isatty(STDERR_FILENO) == 1;
  ProgressOptions o = progress_options(tty, std::getenv("TERM"), std::getenv("DESKPULSE_PROGRESS"),
                                       std::getenv("DESKPULSE_PROGRESS_INTERVAL"));
  if (o.mode == ProgressOptions::Mode::redraw) {
    winsize ws{};
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) o.width = ws.ws_col;
  }
  return make_progress(std::move(o));
}

}  // namespace dp::ops
