// An application fleet (an Auto Scaling group per region): instances spread over the region's AZs, lost with
// their AZ, replaced and scaled up to the desired count, each taking its boot time to start serving. Launches
// fail while the region is short of capacity.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <simgrid/forward.h>

#include "sim/core/topology.hpp"

namespace drsim {

class World;

struct Instance {
  int id = 0;
  std::string az;
  double ready_at = 0;   //!< drill time at which it passes its own checks
  bool booted = false;
  bool terminated = false;
  bool impaired = false; //!< failed and being repaired in place: not serving, not replaced
};

class FleetModel {
public:
  FleetModel(World& world, const Fleet& params);

  const Fleet& params() const { return params_; }
  const std::vector<Instance>& instances(const std::string& region) const;
  // Booted, not terminated, not impaired, and its AZ is up.
  bool instance_serving(const std::string& region, int id) const;
  int desired(const std::string& region) const;
  void set_desired(const std::string& region, int desired);
  void set_capacity_short(const std::string& region, bool short_of_capacity);
  // Terminates `count` serving instances of the region (an instance-loss fault).
  void lose_instances(const std::string& region, int count);
  // A random failure of capacity slot `slot` (the slot-th running instance of the region) begins or ends: the
  // instance stops serving until it is repaired in place (EC2 automatic recovery), and Auto Scaling, which still
  // counts it, does not replace it.
  void impair(const std::string& region, int slot, bool begin);
  // Terminates every instance in these AZs: they are gone even if the AZ comes back.
  void lose_azs(const std::vector<std::string>& azs);
  // Restarts the region's Auto Scaling after the region came back.
  void restart(const std::string& region);
  bool booting() const;

  void start();

private:
  struct RegionGroup {
    FleetCapacity capacity;
    std::vector<Instance> instances;
    bool capacity_short = false;
    std::size_t next_az = 0;
  };

  World& world_;
  const Fleet& params_;
  std::map<std::string, RegionGroup> regions_;
  int next_id_ = 0;
  std::map<std::pair<std::string, int>, int> impaired_; //!< (region, slot) -> the instance that failed

  bool az_up(const std::string& az) const;
  void control(const std::string& region);
};

} // namespace drsim
