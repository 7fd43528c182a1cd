#include "models/shared/steady_shipping.hpp"

#include <cmath>

#include "sim/core/time.hpp"

namespace drsim {

ShippingSchedule schedule_from(double now, double phase, double interval, double delay, bool continuing) {
  return {phase, interval, delay, continuing ? now - delay : now};
}

double ShippingSchedule::first_departure() const {
  return phase + (std::floor((after - phase + time_tolerance_s) / interval) + 1) * interval;
}

std::optional<double> ShippingSchedule::last_arrived(double time) const {
  const double departure = phase + std::floor((time - delay - phase + time_tolerance_s) / interval) * interval;
  if (departure <= after + time_tolerance_s)
    return std::nullopt;
  return departure;
}

} // namespace drsim
