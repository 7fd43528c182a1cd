// An application load balancer: nodes in its AZs, routing only to the fleet instances of its region that passed
// its target health checks (healthy after `healthy_threshold` passing probes, removed after `unhealthy_threshold`
// failing ones). Requests sent to a registered target that has died fail until the checks remove it.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "models/shared/health_check.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

class World;

class LoadBalancerModel {
public:
  LoadBalancerModel(World& world, const LoadBalancer& params);

  const LoadBalancer& params() const { return params_; }
  // A node of the load balancer is up and reachable from `from`.
  bool answers_from(const simgrid::s4u::Host* from) const;
  double latency_from(const simgrid::s4u::Host* from) const;
  // Share of `load_rps` it serves: requests land evenly on registered targets, dead ones fail, and live ones
  // serve up to their capacity.
  double served_fraction(double load_rps) const;
  // At least one registered target is alive (what a shallow health check of the load balancer sees).
  bool has_live_target() const;
  // The fleet behind it can reach its dependencies (what a deep health check sees).
  bool dependencies_healthy() const;
  int registered_targets() const;
  // A brief disruption begins or ends (the blip of a failover that redundancy covers): every request fails.
  void disrupt(bool begin) { disruptions_ += begin ? 1 : -1; }

  // Also after the load balancer's region came back.
  void start();

private:
  World& world_;
  const LoadBalancer& params_;
  std::vector<simgrid::s4u::Host*> nodes_;
  std::map<int, ThresholdFlag> targets_; //!< instance id -> verdict
  double phase_;
  int disruptions_ = 0;

  void check_targets();
};

} // namespace drsim
