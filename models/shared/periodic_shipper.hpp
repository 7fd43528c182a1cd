// The loop of an actor that ships batches every interval: asynchronous replication, point-in-time logs, object
// replication. What it ships and how it knows it is caught up is the model's; when to rest, when to ship and what
// schedule a steady period records is the same for all (steady_shipping.hpp).
#pragma once

#include <functional>

#include "models/shared/steady_shipping.hpp"

namespace drsim {

class World;

// What a shipper finds when it looks at the world.
enum class ShippingState {
  Blocked, //!< nothing can be shipped now (the route or the source is down): wait for the world to change
  Steady,  //!< caught up, and each batch arrives before the next leaves: the schedules are recorded
  Behind,  //!< real batches go over the simulated links, one at each departure, until it catches up
};

// The schedules of a shipper that turns steady now.
class SteadyStart {
public:
  SteadyStart(double now, double phase, double interval, bool continuing)
      : now_(now), phase_(phase), interval_(interval), continuing_(continuing) {}

  // The schedule of batches that take `delay` to arrive.
  ShippingSchedule schedule(double delay) const { return schedule_from(now_, phase_, interval_, delay, continuing_); }

private:
  double now_;
  double phase_;
  double interval_;
  bool continuing_; //!< see schedule_from
};

struct PeriodicShipper {
  double phase = 0; //!< batches leave at phase + k x interval
  double interval = 1;
  // Looks at the world now; when the shipping is steady, records the schedules that `start` makes.
  std::function<ShippingState(const SteadyStart& start)> look;
  // Ships one real batch, leaving now.
  std::function<void()> ship;
  // The shipping has lost its purpose (its stream ended, its replica went stale): the actor ends.
  std::function<bool()> over = [] { return false; };

  // The body of the shipping actor, until `over` (or until a fault kills the actor). Batches leave after the
  // moment it starts; the model settles a steady period's deliveries when the world changes.
  void run(World& world) const;
};

} // namespace drsim
