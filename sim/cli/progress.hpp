// Progress of many drills on stderr, for a person watching: only when stderr is a terminal, on one line that
// rewrites itself and ends once the last drill is done.
#pragma once

#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>

namespace drsim {

struct ProgressLine {
  std::string label{};                    //!< before the count, e.g. the scenario; empty for none
  bool percent = false;                   //!< the share done after the count
  std::chrono::milliseconds quiet_for{0}; //!< nothing is shown before the work has taken this long
  int every = 1;                          //!< drills between two updates; the last one is always shown
};

// A MonteCarloOptions::progress callback that writes `line` to `err`.
std::function<void(int done, int total)> progress_printer(std::ostream& err, ProgressLine line);

} // namespace drsim
