// An application load balancer: nodes in its AZs, routing only to the fleet instances of its region that passed
// its target health checks (healthy after `healthy_threshold` passing probes, removed after `unhealthy_threshold`
// failing ones). Requests sent to a registered target that has died fail until the checks remove it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "models/shared/health_check.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

class World;
class FleetModel;

class LoadBalancerModel {
public:
  LoadBalancerModel(World& world, const LoadBalancer& params, std::size_t index);

  const LoadBalancer& params() const { return params_; }
  std::size_t index() const { return index_; } //!< its place among the world's load balancers
  FleetModel& fleet() const { return fleet_; }
  simgrid::s4u::Host* regional_host() const { return regional_host_; }
  // A node of the load balancer is up and reachable from `from`.
  bool answers_from(const simgrid::s4u::Host* from) const;
  double latency_from(const simgrid::s4u::Host* from) const;
  // Share of `load_rps` it serves: requests land evenly on registered targets, dead ones fail, and live ones
  // serve up to their capacity.
  double served_fraction(double load_rps) const;
  // It serves some of its requests (no disruption, a registered target alive): how many depends on its load.
  bool serving() const { return disruptions_ == 0 && live_ > 0; }
  // At least one registered target is alive (what a shallow health check of the load balancer sees).
  bool has_live_target() const { return live_ > 0; }
  // The fleet behind it can reach its dependencies (what a deep health check sees).
  bool dependencies_healthy() const;
  int registered_targets() const { return registered_; }
  // A brief disruption begins or ends (the blip of a failover that redundancy covers): every request fails.
  void disrupt(bool begin) { disruptions_ += begin ? 1 : -1; }

  // What the fleet tells it about the instances of its region (FleetModel::watch): one launched, unhealthy to the
  // checks until it passes them; one that began or stopped serving.
  void instance_launched(int id);
  void instance_serving(int id, bool serving);

  // Also after the load balancer's region came back.
  void start();

private:
  struct Target {
    ThresholdFlag verdict;
    bool serving = false;
    bool watched = false; //!< listed in watched_
  };

  World& world_;
  const LoadBalancer& params_;
  std::size_t index_;
  FleetModel& fleet_;
  simgrid::s4u::Host* regional_host_;
  std::vector<simgrid::s4u::Host*> nodes_;
  std::vector<std::optional<Target>> targets_; //!< by instance id
  // The targets a probe can change: those that disagree with their verdict or carry a streak of probes that did.
  // The others, whatever their number, cost a probe nothing.
  std::vector<int> watched_;
  int registered_ = 0; //!< targets with a healthy verdict
  int live_ = 0;       //!< registered targets that serve
  int unsettled_ = 0;  //!< targets whose verdict a probe now would contradict
  double phase_;
  int disruptions_ = 0;

  // Every change of a target goes through here, so that the counts follow it.
  template <class Change> void update(int id, Change change);
  void add_target(int id, bool healthy, bool serving);
  void check_targets();
};

} // namespace drsim
