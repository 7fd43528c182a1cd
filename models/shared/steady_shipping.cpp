#include "models/shared/steady_shipping.hpp"

#include <cmath>

namespace drsim {

namespace {

// The Engine compares times to a microsecond (sim/platform.cpp): a batch due within one of a moment is on time.
constexpr double tolerance = 1e-6;

} // namespace

ShippingSchedule schedule_from(double now, double phase, double interval, double delay, bool continuing) {
  return {phase, interval, delay, continuing ? now - delay : now};
}

double ShippingSchedule::first_departure() const {
  return phase + (std::floor((after - phase) / interval + tolerance) + 1) * interval;
}

std::optional<double> ShippingSchedule::last_arrived(double time) const {
  const double departure = phase + std::floor((time - delay - phase) / interval + tolerance) * interval;
  if (departure <= after + tolerance)
    return std::nullopt;
  return departure;
}

} // namespace drsim
