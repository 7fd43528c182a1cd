// Ctrl-C (SIGINT) and SIGTERM end a command cleanly: drills stop between two drills, workers are killed, nothing
// claiming success is written, and the process exits 128 + the signal's number with a message. SimGrid installs a
// SIGINT handler of its own when an Engine is created (it calls exit(1), which `check` would report as "objective
// not met"), so `catch_interruptions` is called again after every Engine is created.
#pragma once

#include <stdexcept>

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

} // namespace drsim
