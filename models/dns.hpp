// A DNS record with failover, weighted or latency routing over load-balancer endpoints, and the Route 53 health
// checkers that probe those endpoints from outside every region and mark them unhealthy after
// `failure_threshold` consecutive failed probes (and healthy again after as many successes).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "models/shared/health_check.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

class World;
class LoadBalancerModel;

class DnsModel {
public:
  DnsModel(World& world, const DnsRecord& params);

  const DnsRecord& params() const { return params_; }
  // The endpoint a resolver at `from`, holding position `pick` in [0, 1) of the weights, is given now. It changes
  // only with version().
  const LoadBalancerModel* answer(double pick, const simgrid::s4u::Host* from) const;
  // Counts the changes of what answers depend on: the endpoints' verdicts and the operators' choice.
  std::uint64_t version() const { return version_; }
  bool endpoint_healthy(const std::string& target) const;
  // An operator points the record at one endpoint, whatever the health checks say.
  void switch_to(const std::string& target);

  void start();

private:
  struct Endpoint {
    const DnsEndpoint* params;
    const LoadBalancerModel* load_balancer;
    ThresholdFlag flag;
    double phase;
  };

  World& world_;
  const DnsRecord& params_;
  std::vector<Endpoint> endpoints_;
  const LoadBalancerModel* forced_ = nullptr;
  std::uint64_t version_ = 0;

  bool probe(const Endpoint& endpoint) const;
  void check(Endpoint& endpoint);
};

} // namespace drsim
