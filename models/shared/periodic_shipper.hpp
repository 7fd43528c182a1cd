// The loop of an actor that ships batches every interval: asynchronous replication, point-in-time logs, object
// replication. What it ships and how it knows it is caught up is the model's; when to rest, when to ship and what
// schedule a steady period records is the same for all (steady_shipping.hpp).
#pragma once

#include <functional>
#include <memory>

#include <simgrid/forward.h>

#include "models/shared/steady_shipping.hpp"

namespace drsim {

class World;

// What a shipper finds when it looks at the world.
enum class ShippingState {
  Blocked, //!< nothing can be shipped now (the route or the source is down): wait for the world to change
  Steady,  //!< caught up, and each batch arrives before the next leaves: the schedules are recorded
  Behind,  //!< real batches go over the simulated links, one at each departure, until it catches up
  // So far behind that real batches would cost more than a drill should (or never catch up: the writes outgrow the
  // route): every departure carries a full batch, and the model settles the deliveries in closed form as for Steady.
  Draining,
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

// The real batches of a stream that is behind (replication, object replication): at each departure, at most what its
// route carries alone in one interval leaves, without waiting for the batch before it to arrive, as a replica that
// streams keeps its link busy. A saturated link then delivers its whole bandwidth and the destination moves on every
// interval, where one batch of the whole backlog would land only after the backlog's transfer. Positions are the
// model's (a sequence number, a time); at most two batches are under way, so they arrive in order.
class BatchStream {
public:
  BatchStream(World& world, simgrid::s4u::Host* from, simgrid::s4u::Host* to, double bytes_per_unit, double interval);

  // Sends the next batch, leaving now: from where the batches under way end (from `held`, the destination's
  // position, when none is) up to `newest`, at most one interval of the route. `arrived(position, bytes)` runs when
  // it lands; a batch that does not land is sent again, with what follows it, once none is under way.
  void send(double held, double newest, const std::function<void(double position, double bytes)>& arrived);
  // Where the next batch would start: the end of the batches under way, or `held` when none is.
  double next_from(double held) const { return *under_way_ > 0 ? std::max(sent_, held) : held; }
  // How much one batch carries at most: what the route takes alone in one interval.
  double units_per_batch() const { return units_per_batch_; }

private:
  World& world_;
  simgrid::s4u::Host* from_;
  simgrid::s4u::Host* to_;
  double bytes_per_unit_;
  double units_per_batch_;
  double sent_ = 0;
  std::shared_ptr<int> under_way_ = std::make_shared<int>(0); //!< outlives the stream: a batch may land after it
};

} // namespace drsim
