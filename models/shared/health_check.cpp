#include "models/shared/health_check.hpp"

#include <cmath>

#include "sim/core/time.hpp"

namespace drsim {

bool ThresholdFlag::observe(bool probe_ok) {
  if (probe_ok == healthy_) {
    streak_ = 0;
    return false;
  }
  ++streak_;
  if (streak_ < (healthy_ ? unhealthy_threshold_ : healthy_threshold_))
    return false;
  healthy_ = probe_ok;
  streak_ = 0;
  return true;
}

double next_probe_time(double phase, double interval, double not_before, double last_probe) {
  double t = phase + std::ceil((not_before - phase - time_tolerance_s) / interval) * interval;
  while (t <= last_probe + time_tolerance_s)
    t += interval;
  return t;
}

} // namespace drsim
