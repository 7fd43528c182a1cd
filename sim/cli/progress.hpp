// Progress of many drills on stderr, for a person watching: only when stderr is a terminal, on one line that
// rewrites itself with the drills done, their share and the time left, and is erased once the last drill is done,
// so that what follows on the terminal starts on a clean line.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>

namespace drsim {

struct ProgressLine {
  std::string label{};                    //!< before the count, e.g. the scenario; empty for none
  std::chrono::milliseconds quiet_for{0}; //!< nothing is shown before the work has taken this long
};

// A MonteCarloOptions::progress callback that writes `line` to `err`: "drsim: 1,200 of 4,000 drills (30 %), about
// 1m 20s left", at most ten times a second. The total may grow between calls (drills in batches).
std::function<void(int done, int total)> progress_printer(std::ostream& err, ProgressLine line);

// The line itself, for `done` of `total` drills after `elapsed`.
std::string progress_text(const std::string& label, int done, int total, std::chrono::duration<double> elapsed);

} // namespace drsim
