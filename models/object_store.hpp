// An object store (S3 bucket) with cross-region replication: objects written in the source region are shipped to
// each destination in batches over the simulated links. Clients read and write through whichever copy their
// region reaches (a multi-region access point); objects not yet shipped when the source is lost are lost.
#pragma once

#include <map>
#include <optional>
#include <string>

#include <simgrid/forward.h>

#include "sim/topology.hpp"

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

private:
  World& world_;
  const ObjectStore& params_;

  void replicate(const std::string& region);
  std::map<std::string, double> replicated_; //!< per destination, time up to which objects arrived
  std::optional<double> source_lost_at_;
};

} // namespace drsim
