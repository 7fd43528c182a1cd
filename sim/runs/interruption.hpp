// Ctrl-C (SIGINT) and SIGTERM end a command cleanly: a drill run in the command's own process stops at its next Engine
// step (`stopping_at_signals`), workers are killed, nothing
// claiming success is written, and the process exits 128 + the signal's number with a message. SimGrid installs a
// SIGINT handler of its own when an Engine is created (it calls exit(1), which `check` would report as "objective
// not met"), so `catch_interruptions` is called again after every Engine is created.
#pragma once

#include <stdexcept>

#include "sim/engine/drill.hpp"

namespace drsim {

class Interrupted : public std::runtime_error {
public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }

private:
  int signal_;
};

// Records SIGINT and SIGTERM instead of dying; idempotent.
void catch_interruptions();
// The signal that asked the command to stop, or 0.
int interruption_signal();
// Throws Interrupted when a signal asked the command to stop.
void stop_if_interrupted();
// A drill's clock that calls `shown` (when given) and stops the drill by Interrupted at the first Engine step after a
// signal: a drill of a year that a mistyped size makes crawl must still yield to Ctrl-C and to a CI job's timeout.
// The exception leaves the DrillRunner's Engine unusable, which is what stopping the command means.
DrillClock stopping_at_signals(DrillClock shown);

} // namespace drsim
