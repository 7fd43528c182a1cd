#include "models/steady_shipping.hpp"

#include <cmath>

namespace drsim {

namespace {

// Drill times come back from the Engine clock with rounding: a nanosecond either way counts as on time.
constexpr double tolerance = 1e-9;

} // namespace

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
