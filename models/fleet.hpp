// An application fleet (an Auto Scaling group per region): instances spread over the region's AZs, lost with
// their AZ, replaced and scaled up to the desired count, each taking its boot time to start serving. Launches
// fail while the region is short of capacity.
#pragma once

#include <functional>
#include <map>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include <simgrid/forward.h>

#include "sim/core/topology.hpp"

namespace drsim {

class World;
class DatabaseModel;
class LoadBalancerModel;
class ObjectStoreModel;
class QueueModel;

struct Instance {
  int id = 0;
  std::string az;
  double ready_at = 0; //!< drill time at which it passes its own checks
  bool booted = false;
  bool terminated = false;
  bool impaired = false; //!< failed and being repaired in place: not serving, not replaced
};

// What a fleet needs in order to serve, resolved once the world has built every model.
struct FleetDependencies {
  std::vector<DatabaseModel*> databases;
  std::vector<ObjectStoreModel*> object_stores;
  std::vector<QueueModel*> queues;
};

class FleetModel {
public:
  FleetModel(World& world, const Fleet& params);

  const Fleet& params() const { return params_; }
  const FleetDependencies& dependencies() const { return dependencies_; }
  void set_dependencies(FleetDependencies dependencies) { dependencies_ = std::move(dependencies); }
  // Registers a load balancer of `region`, which the fleet tells from then on of every instance it launches there
  // and of every change of an instance's serving; returns the instances running now.
  const std::vector<Instance>& watch(const std::string& region, LoadBalancerModel& load_balancer);
  // Instances not terminated (booting, serving or impaired).
  int running(const std::string& region) const;
  int desired(const std::string& region) const;
  void set_desired(const std::string& region, int desired);
  void set_capacity_short(const std::string& region, bool short_of_capacity);
  // Terminates `count` serving instances of the region (an instance-loss fault).
  void lose_instances(const std::string& region, int count);
  // A random failure of capacity slot `slot` (the slot-th running instance of the region) begins or ends: the
  // instance stops serving until it is repaired in place (EC2 automatic recovery), and Auto Scaling, which still
  // counts it, does not replace it.
  void impair(const std::string& region, int slot, bool begin);
  // Terminates every instance in these AZs: they are gone even if the AZ comes back. Every AZ outage does this as it
  // begins, so no instance of an AZ that is down ever counts as serving.
  void lose_azs(const std::vector<std::string>& azs);
  // Restarts the region's Auto Scaling after the region came back.
  void restart(const std::string& region);
  bool booting() const;
  // The instances the fleet holds for the region, terminated ones not yet dropped included: what a scan of its
  // instances costs.
  std::size_t instances_kept(const std::string& region) const;

  void start();

private:
  // Soonest ready first; an entry whose instance has booted or was terminated meanwhile is skipped.
  using BootQueue =
      std::priority_queue<std::pair<double, std::size_t>, std::vector<std::pair<double, std::size_t>>, std::greater<>>;
  struct RegionGroup {
    FleetCapacity capacity;
    std::vector<Instance> instances; //!< in launch order; terminated ones until forget_terminated drops them
    bool capacity_short = false;
    std::size_t next_az = 0;
    std::vector<simgrid::s4u::Host*> az_hosts; //!< the fleet's host in each of the region's AZs, in their order
    int running = 0;                           //!< instances not terminated
    int booting = 0;                           //!< instances launched, not booted, not terminated
    BootQueue boots;                           //!< (ready_at, index) of the instances launched to boot
    std::vector<LoadBalancerModel*> load_balancers;
  };

  World& world_;
  const Fleet& params_;
  FleetDependencies dependencies_;
  std::map<std::string, RegionGroup> regions_;
  int next_id_ = 0;
  std::map<std::pair<std::string, int>, int> impaired_; //!< (region, slot) -> the instance that failed

  // Every change of an instance's state goes through here, so that the counts and the load balancers follow it.
  void update(RegionGroup& group, Instance& instance, const std::function<void(Instance&)>& change);
  // Drops the terminated instances from the group, which nothing changes any more, so that what scans the running
  // instances costs what runs, not every instance a long run ever launched.
  void forget_terminated(RegionGroup& group);
  void control(const std::string& region);
};

} // namespace drsim
