#include "models/shared/health_check.hpp"

#include <cmath>

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
  // Times within a nanosecond count as equal: drill times come back from the Engine clock with rounding.
  constexpr double tolerance = 1e-9;
  double k = std::ceil((not_before - phase) / interval - tolerance);
  double t = phase + k * interval;
  while (t <= last_probe + tolerance)
    t += interval;
  return t;
}

} // namespace drsim
