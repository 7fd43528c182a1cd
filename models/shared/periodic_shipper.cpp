#include "models/shared/periodic_shipper.hpp"

#include <simgrid/s4u/Actor.hpp>

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

} // namespace drsim
