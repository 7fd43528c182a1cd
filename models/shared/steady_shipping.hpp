// Periodic shipping in steady state (replication batches, point-in-time logs, object replication). Between two
// changes of the world nothing a batch meets varies: not the write rate, not the route, not the link figures. Every
// batch then takes the same time, and what has arrived at any moment follows in closed form from the schedule.
// A shipping actor that is caught up records its schedule here and rests until the world changes; the model settles
// the schedule (what arrived up to then) when the world changes and before anything reads a replica's position.
// So a year in which nothing fails costs a few events per change, not one per batch.
#pragma once

#include <optional>

namespace drsim {

struct ShippingSchedule {
  double phase = 0; //!< batches leave at phase + k x interval
  double interval = 1;
  double delay = 0; //!< the time one batch takes to arrive
  double after = 0; //!< only batches that leave strictly after this moment belong to the schedule

  // The departure time of the newest batch of the schedule that has arrived by `time`.
  std::optional<double> last_arrived(double time) const;
  // The departure time of the schedule's first batch.
  double first_departure() const;
};

// The schedule a shipping actor records at `now`, as it starts to rest. `continuing`: the last change interrupted
// the actor's previous steady period with the route still up, so the batches then in flight (those that left after
// now - delay) arrive in this one. A new actor, or one that just shipped real batches or waited for its route, has
// none in flight.
ShippingSchedule schedule_from(double now, double phase, double interval, double delay, bool continuing);

} // namespace drsim
