#include "sim/cli/progress.hpp"

#include <cmath>
#include <iostream>

#include <fmt/format.h>
#include <unistd.h>

#include "reports/figures.hpp"
#include "sim/core/units.hpp"

namespace drsim {
namespace {

constexpr auto quiet_for = std::chrono::seconds(1);

std::string prefix(const std::string& label) { return "drsim: " + (label.empty() ? "" : label + ": "); }

} // namespace

std::string progress_text(const std::string& label, int done, int total, std::chrono::duration<double> elapsed) {
  std::string text = prefix(label) + grouped(done) + " of " + grouped(total) + " drills (" +
                     std::to_string(total > 0 ? 100 * done / total : 0) + " %)";
  if (done > 0 && done < total) {
    // Whole seconds: tenths of an estimate are noise.
    const double left = std::ceil(elapsed.count() * (total - done) / done);
    text += ", about " + format_duration(left) + " left";
  }
  return text;
}

std::string drill_progress_text(const std::string& label, const std::string& strategy, double now_s, double horizon_s) {
  // Whole simulated seconds: the tenths of a clock that runs thousands of times faster than the wall only flicker.
  const int percent = horizon_s > 0 ? static_cast<int>(100 * now_s / horizon_s) : 100;
  return fmt::format("{}drill of {} at simulated {} of {} ({} %)", prefix(label), strategy,
                     format_duration(std::floor(now_s)), format_duration(horizon_s), percent);
}

ProgressLine::ProgressLine(std::ostream& err, std::string label)
    : err_(err), label_(std::move(label)), terminal_(&err == &std::cerr && ::isatty(STDERR_FILENO) != 0),
      started_(Clock::now()), drill_started_(started_) {}

ProgressLine::~ProgressLine() { erase(); }

std::function<void(int done, int total)> ProgressLine::drills() {
  return [this](int done, int total) {
    const auto now = Clock::now();
    if (!terminal_ || now - started_ < quiet_for)
      return;
    // A drill's clock gives way at once: it must not stay up while the next drill runs.
    if (done != total && !on_drill_ && now - shown_at_ < std::chrono::milliseconds(100))
      return;
    show(done == total ? "" : progress_text(label_, done, total, now - started_), now);
    on_drill_ = false;
  };
}

std::function<void(const std::string& strategy, double now_s, double horizon_s)> ProgressLine::drill_clock() {
  if (!terminal_)
    return {};
  return [this](const std::string& strategy, double now_s, double horizon_s) {
    const auto now = Clock::now();
    if (now_s == 0)
      drill_started_ = now;
    if (now - drill_started_ < quiet_for || now - shown_at_ < std::chrono::milliseconds(250))
      return;
    show(drill_progress_text(label_, strategy, now_s, horizon_s), now);
    on_drill_ = true;
  };
}

void ProgressLine::erase() {
  if (shown_ > 0)
    show("", Clock::now());
}

void ProgressLine::show(const std::string& text, Clock::time_point now) {
  // A shorter line is padded over the longer one before it.
  err_ << '\r' << text << std::string(shown_ > text.size() ? shown_ - text.size() : 0, ' ') << '\r' << std::flush;
  shown_ = text.size();
  shown_at_ = now;
}

} // namespace drsim
