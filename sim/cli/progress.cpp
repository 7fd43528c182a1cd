#include "sim/cli/progress.hpp"

#include <ostream>

#include <unistd.h>

namespace drsim {

std::function<void(int done, int total)> progress_printer(std::ostream& err, ProgressLine line) {
  const auto started = std::chrono::steady_clock::now();
  const bool terminal = ::isatty(STDERR_FILENO) != 0;
  return [&err, line = std::move(line), started, terminal](int done, int total) {
    if (!terminal || std::chrono::steady_clock::now() - started < line.quiet_for ||
        (done % line.every != 0 && done != total))
      return;
    err << "\rdrsim: " << (line.label.empty() ? "" : line.label + ": ") << done << " of " << total << " drills";
    if (line.percent)
      err << " (" << (100 * done / total) << " %)";
    err << (done == total ? "\n" : "") << std::flush;
  };
}

} // namespace drsim
