#include "sim/fis/signals.hpp"

#include <atomic>
#include <csignal>

namespace drsim::fis {
namespace {

// Lock-free atomics are safe to touch in a signal handler, on whichever thread the signal lands.
std::atomic<int> received{0};
std::atomic<int> last_received{0};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void count_signal(int signal) {
  last_received = signal;
  ++received;
}

} // namespace

void catch_stop_signals() {
  struct sigaction action {};
  action.sa_handler = count_signal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

void fail_writes_past_the_file_size_limit() { std::signal(SIGXFSZ, SIG_IGN); }

StopSignals stop_signals() { return {received.load(), last_received.load()}; }

} // namespace drsim::fis
