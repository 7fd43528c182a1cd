#include "sim/fis/periodic_look.hpp"

#include <chrono>
#include <exception>
#include <utility>

namespace drsim::fis {

PeriodicLook::PeriodicLook(std::string what, double interval_s) : what_(std::move(what)), interval_s_(interval_s) {}

PeriodicLook::~PeriodicLook() { stop(); }

void PeriodicLook::start(std::function<void()> look) {
  thread_ = std::thread([this, look = std::move(look)] {
    while (!stopping_) {
      try {
        look();
      } catch (const std::exception& e) {
        failure_.record("the watch of " + what_ + " failed: " + e.what());
        return;
      }
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, std::chrono::duration<double>(interval_s_), [this] { return stopping_.load(); });
    }
  });
}

void PeriodicLook::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

} // namespace drsim::fis
