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

// An endpoint a resolver's queries are answered with, and the share of them it gets.
struct DnsTarget {
  const LoadBalancerModel* load_balancer;
  double share = 1;
  bool operator==(const DnsTarget&) const = default;
};
using DnsAnswer = std::vector<DnsTarget>;

class DnsModel {
public:
  DnsModel(World& world, const DnsRecord& params);

  const DnsRecord& params() const { return params_; }
  // What a resolver at `from` is given now: one endpoint for failover and latency routing; for weighted routing the
  // healthy endpoints, each with its weight's share of the queries, since Route 53 draws every answer anew. It
  // changes only with version().
  DnsAnswer answer(const simgrid::s4u::Host* from) const;
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
