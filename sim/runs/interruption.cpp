#include "sim/runs/interruption.hpp"

#include <csignal>
#include <cstring>
#include <string>

namespace drsim {
namespace {

volatile std::sig_atomic_t received_signal = 0;

extern "C" void record_signal(int signal) { received_signal = signal; }

std::string describe(int signal) {
  return signal == SIGINT ? "interrupted (SIGINT)" : signal == SIGTERM ? "terminated (SIGTERM)" : strsignal(signal);
}

} // namespace

Interrupted::Interrupted(int signal) : std::runtime_error(describe(signal)), signal_(signal) {}

void catch_interruptions() {
  struct sigaction action {};
  action.sa_handler = record_signal;
  sigemptyset(&action.sa_mask);
  // No SA_RESTART: a worker pool waiting in poll() must wake up and stop the workers.
  action.sa_flags = 0;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

int interruption_signal() { return received_signal; }

DrillClock stopping_at_signals(DrillClock shown) {
  return [shown = std::move(shown)](const std::string& strategy, double now_s, double horizon_s) {
    if (shown)
      shown(strategy, now_s, horizon_s);
    stop_if_interrupted();
  };
}

void stop_if_interrupted() {
  if (const int signal = received_signal; signal != 0)
    throw Interrupted(signal);
}

} // namespace drsim
