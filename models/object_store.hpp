// An object store (S3 bucket) with cross-region replication: objects written in the source region are shipped to
// each destination in batches over the simulated links. Clients read and write through whichever copy their
// region reaches (a multi-region access point); objects not yet shipped when the source is lost are lost.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "models/shared/steady_shipping.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

class World;

class ObjectStoreModel {
public:
  ObjectStoreModel(World& world, const ObjectStore& params);

  const ObjectStore& params() const { return params_; }
  bool reachable_from(const simgrid::s4u::Host* from) const;
  // Objects written to the source that no surviving copy holds (counted at the end of a drill).
  double lost_objects() const;

  void start();
  // After `region` came back: replication from it resumes where each copy stopped.
  void restart(const std::string& region);
  // Settles what steady-state replication delivered up to now and forgets the schedules (World::changed).
  void end_steady_shipping();

private:
  struct SteadyReplication {
    std::string region;
    ShippingSchedule schedule;
  };

  World& world_;
  const ObjectStore& params_;

  void replicate(const std::string& region);
  void start_replication();
  std::map<std::string, double> replicated_; //!< per destination, time up to which objects arrived
  std::optional<double> source_lost_at_;
  std::vector<SteadyReplication> steady_;
};

} // namespace drsim
