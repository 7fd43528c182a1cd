#include "models/shared/health_checker.hpp"

#include <limits>

#include "models/shared/health_check.hpp"
#include "models/world.hpp"
#include "sim/core/time.hpp"

namespace drsim {

void HealthChecker::run(World& world) const {
  double last_probe = -std::numeric_limits<double>::infinity();
  while (true) {
    if (settled()) {
      const double next = next_probe_time(phase, interval, world.now(), last_probe);
      world.wait_for_change(world.horizon());
      // A probe due before the change agreed with every verdict, ending any streak of probes that did not; one due at
      // the change sees the world as it is after it.
      if (next < world.now() - time_tolerance_s)
        agree();
      continue;
    }
    const double due = next_probe_time(phase, interval, world.now(), last_probe);
    if (due > world.now() + time_tolerance_s) {
      world.wait_for_change(due);
      continue;
    }
    last_probe = due;
    probe();
  }
}

} // namespace drsim
