// The first failure of what a `drsim fis run` does beside its main thread (a journal line that could not be
// written, a probe's, the detectors' or the step watch's thread that threw), kept for the run to see: it then stops its
// experiments and ends with an error, where an exception leaving a thread would end the process (std::terminate) with
// the experiments still injecting.
#pragma once

#include <mutex>
#include <optional>
#include <string>

namespace drsim::fis {

class FirstFailure {
public:
  // Keeps `what` unless a failure was kept already; safe from several threads.
  void record(const std::string& what) {
    const std::lock_guard lock(mutex_);
    if (!what_)
      what_ = what;
  }
  std::optional<std::string> what() const {
    const std::lock_guard lock(mutex_);
    return what_;
  }

private:
  mutable std::mutex mutex_;
  std::optional<std::string> what_;
};

} // namespace drsim::fis
