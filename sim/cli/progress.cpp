#include "sim/cli/progress.hpp"

#include <cmath>
#include <ostream>

#include <unistd.h>

#include "reports/figures.hpp"
#include "sim/core/units.hpp"

namespace drsim {

std::string progress_text(const std::string& label, int done, int total, std::chrono::duration<double> elapsed) {
  std::string text = "drsim: " + (label.empty() ? "" : label + ": ") + grouped(done) + " of " + grouped(total) +
                     " drills (" + std::to_string(total > 0 ? 100 * done / total : 0) + " %)";
  if (done > 0 && done < total) {
    // Whole seconds: tenths of an estimate are noise.
    const double left = std::ceil(elapsed.count() * (total - done) / done);
    text += ", about " + format_duration(left) + " left";
  }
  return text;
}

std::function<void(int done, int total)> progress_printer(std::ostream& err, ProgressLine line) {
  using Clock = std::chrono::steady_clock;
  const auto started = Clock::now();
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  return [&err, line = std::move(line), started, terminal, shown = std::size_t{0},
          last = Clock::time_point{}](int done, int total) mutable {
    const auto now = Clock::now();
    if (!terminal || now - started < line.quiet_for || (done != total && now - last < std::chrono::milliseconds(100)))
      return;
    last = now;
    // A shorter line is padded over the longer one before it; the last one is erased.
    const std::string text = done == total ? "" : progress_text(line.label, done, total, now - started);
    err << '\r' << text << std::string(shown > text.size() ? shown - text.size() : 0, ' ') << '\r' << std::flush;
    shown = text.size();
  };
}

} // namespace drsim
