#include "models/shared/periodic_shipper.hpp"

#include <algorithm>

#include <simgrid/s4u/Actor.hpp>

#include "models/shared/actors.hpp"
#include "models/shared/health_check.hpp"
#include "models/world.hpp"

namespace drsim {

void PeriodicShipper::run(World& world) const {
  double last = world.now();
  bool continuing = false;
  while (!over()) {
    const auto state = look(SteadyStart(world.now(), phase, interval, continuing));
    continuing = state == ShippingState::Steady;
    if (state != ShippingState::Behind) {
      world.wait_for_change(world.horizon());
      continue;
    }
    last = next_probe_time(phase, interval, world.now(), last);
    simgrid::s4u::this_actor::sleep_until(world.to_clock(last));
    if (over())
      return;
    ship();
  }
}

BatchStream::BatchStream(World& world, simgrid::s4u::Host* from, simgrid::s4u::Host* to, double bytes_per_unit,
                         double interval)
    : world_(world), from_(from), to_(to), bytes_per_unit_(bytes_per_unit),
      units_per_batch_(world.platform().bandwidth(from, to) * interval / bytes_per_unit) {}

void BatchStream::send(double held, double newest, const std::function<void(double, double)>& arrived) {
  if (*under_way_ >= 2)
    return;
  const double from = next_from(held);
  const double to = std::min(newest, from + units_per_batch_);
  if (to - from <= 0)
    return;
  sent_ = to;
  ++*under_way_;
  const double bytes = (to - from) * bytes_per_unit_;
  start_actor(
      "batch", from_,
      [from = from_, destination = to_, to, bytes, arrived] {
        if (Platform::transfer(from, destination, bytes))
          arrived(to, bytes);
      },
      [under_way = under_way_](bool) { --*under_way; });
}

} // namespace drsim
