// The application as its users see it while a `drsim fis run` injects faults: every bound health URL is requested
// at a fixed rate from the machine running drsim, each probe on a new connection with a fresh DNS lookup (as a
// new client would make), and each outcome recorded. A probe succeeds on a 2xx or 3xx answer (what Route 53 health
// checks count as healthy) within the probe interval, so that probes never overlap and the rate stays fixed.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "sim/fis/first_failure.hpp"

namespace drsim::fis {

struct Probe {
  std::string url;
  double t = 0; //!< when it was sent, on the clock the prober was given
  bool ok = false;
  long status = 0;   //!< the HTTP status; 0: no answer
  double ms = 0;     //!< how long it took
  std::string error; //!< why there was no answer
};

// One thread per URL; `record` is called from those threads.
class Prober {
public:
  Prober(std::vector<std::string> urls, double interval_s, std::function<double()> now,
         std::function<void(const Probe&)> record);
  ~Prober();
  Prober(const Prober&) = delete;
  Prober& operator=(const Prober&) = delete;

  void start();
  // Ends the probes under way and the threads; idempotent.
  void stop();
  // What a probe's thread ended on: the exception of `record` or of a probe; nullopt: none ended so.
  std::optional<std::string> failure() const { return failure_.what(); }

private:
  void probe_loop(const std::string& url);
  void probe_until_stopped(const std::string& url);

  std::vector<std::string> urls_;
  double interval_s_;
  std::function<double()> now_;
  std::function<void(const Probe&)> record_;
  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  FirstFailure failure_;
};

// One probe of `url` with this timeout.
Probe probe_once(const std::string& url, double timeout_s, double t);

} // namespace drsim::fis
