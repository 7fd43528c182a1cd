// What the detectors and the step watch of a `drsim fis run` share: a look at the account now and every interval
// from a thread of its own until stopped. A stop waits for the request under way, never for the interval. An
// exception that leaves a look (anything but an AWS error answer, which a look journals itself) ends the thread and
// is kept for the run to see (first_failure.hpp), where it would otherwise end the process with the experiments
// still injecting.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "sim/fis/first_failure.hpp"

namespace drsim::fis {

class PeriodicLook {
public:
  // `what`: the watch's name in the failure's message ("the watch of ... failed: ...").
  PeriodicLook(std::string what, double interval_s);
  ~PeriodicLook();
  PeriodicLook(const PeriodicLook&) = delete;
  PeriodicLook& operator=(const PeriodicLook&) = delete;

  void start(std::function<void()> look);
  // Ends the thread after the look under way; idempotent.
  void stop();
  // Whether a stop was asked: a look of many requests checks it between them.
  bool stopping() const { return stopping_; }
  std::optional<std::string> failure() const { return failure_.what(); }

private:
  std::string what_;
  double interval_s_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stopping_{false};
  FirstFailure failure_;
};

} // namespace drsim::fis
