// Progress on stderr, for a person watching: only when stderr is a terminal, on one line that rewrites itself, and is
// erased once the work is done, so that what follows on the terminal starts on a clean line. Between drills the line
// shows the drills done, their share and the time left; during a drill that runs in this process and has taken over
// a second, how far the drill's simulated clock has come.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>

namespace drsim {

class ProgressLine {
public:
  // `label` goes before the count, e.g. the scenario; empty for none. Only std::cerr on a terminal shows anything:
  // any other stream is a file's or a test's.
  explicit ProgressLine(std::ostream& err, std::string label = {});
  ~ProgressLine(); //!< erases the line
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // A MonteCarloOptions::progress callback: "drsim: 1,200 of 4,000 drills (30 %), about 1m 20s left", at most ten
  // times a second, once the drills have taken a second. The total may grow between calls (drills in batches); the
  // line is erased when `done` reaches it.
  std::function<void(int done, int total)> drills();
  // A DrillClock (sim/engine/drill.hpp) that shows "drsim: drill of pilot-light at simulated 3h 10m of 24h (13 %)" a
  // few times a second, once the drill has taken a second; empty when nothing is shown, so that drills do not pay for
  // watching.
  std::function<void(const std::string& strategy, double now_s, double horizon_s)> drill_clock();
  void erase();

private:
  using Clock = std::chrono::steady_clock;
  void show(const std::string& text, Clock::time_point now);

  std::ostream& err_;
  std::string label_;
  bool terminal_;
  Clock::time_point started_;
  Clock::time_point drill_started_;
  Clock::time_point shown_at_{};
  std::size_t shown_ = 0; //!< characters on the line now
  bool on_drill_ = false; //!< the line shows a drill's clock
};

// The line between drills, for `done` of `total` drills after `elapsed`.
std::string progress_text(const std::string& label, int done, int total, std::chrono::duration<double> elapsed);

// The line during a drill of `strategy` whose clock is at `now_s` of `horizon_s`.
std::string drill_progress_text(const std::string& label, const std::string& strategy, double now_s, double horizon_s);

} // namespace drsim
