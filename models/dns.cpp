#include "models/dns.hpp"

#include <algorithm>
#include <limits>

#include <boost/random/uniform_01.hpp>
#include <simgrid/s4u/Actor.hpp>

#include "models/load_balancer.hpp"
#include "models/shared/health_checker.hpp"
#include "models/world.hpp"

namespace drsim {

DnsModel::DnsModel(World& world, const DnsRecord& params) : world_(world), params_(params) {
  boost::random::uniform_01<double> uniform;
  for (const auto& endpoint : params.endpoints) {
    // An endpoint without a health check is never probed: it stays healthy, and its phase is unused.
    const auto& check = endpoint.health_check;
    const int threshold = check ? check->failure_threshold : 1;
    const double phase = check ? uniform(world.rng()) * check->interval_s : 0;
    endpoints_.push_back(
        {&endpoint, &world.load_balancer(endpoint.target), ThresholdFlag(true, threshold, threshold), phase});
  }
  // The drill starts in steady state: an endpoint that fails its probes has long been marked unhealthy.
  for (auto& endpoint : endpoints_)
    if (endpoint.params->health_check && !probe(endpoint))
      endpoint.flag = ThresholdFlag(false, endpoint.params->health_check->failure_threshold,
                                    endpoint.params->health_check->failure_threshold);
}

bool DnsModel::endpoint_healthy(const std::string& target) const {
  const auto found =
      std::find_if(endpoints_.begin(), endpoints_.end(), [&](const Endpoint& e) { return e.params->target == target; });
  return found != endpoints_.end() && found->flag.healthy();
}

void DnsModel::switch_to(const std::string& target) {
  forced_ = &world_.load_balancer(target);
  ++version_;
  world_.log(EventKind::DnsSwitched, params_.name, "operators point the record at " + target);
  world_.changed();
}

DnsAnswer DnsModel::answer(const simgrid::s4u::Host* from) const {
  if (forced_)
    return {{forced_}};
  std::vector<const Endpoint*> healthy;
  for (const auto& endpoint : endpoints_)
    if (endpoint.flag.healthy())
      healthy.push_back(&endpoint);
  // Route 53 answers as if every endpoint were healthy when none is.
  if (healthy.empty())
    for (const auto& endpoint : endpoints_)
      healthy.push_back(&endpoint);
  switch (params_.routing) {
  case Routing::Failover: {
    for (const char* role : {"primary", "secondary"})
      for (const auto* endpoint : healthy)
        if (endpoint->params->role == role)
          return {{endpoint->load_balancer}};
    return {{healthy.front()->load_balancer}};
  }
  case Routing::Weighted: {
    double total = 0;
    for (const auto* endpoint : healthy)
      total += endpoint->params->weight;
    DnsAnswer shares;
    // Healthy endpoints all of weight 0 share the queries evenly, as Route 53 does.
    for (const auto* endpoint : healthy)
      if (total <= 0 || endpoint->params->weight > 0)
        shares.push_back({endpoint->load_balancer,
                          total > 0 ? endpoint->params->weight / total : 1.0 / static_cast<double>(healthy.size())});
    return shares;
  }
  case Routing::Latency: {
    const Endpoint* best = nullptr;
    double best_latency = std::numeric_limits<double>::infinity();
    for (const auto* endpoint : healthy) {
      const double latency = endpoint->load_balancer->latency_from(from);
      if (latency < best_latency) {
        best_latency = latency;
        best = endpoint;
      }
    }
    return {{best->load_balancer}};
  }
  case Routing::Invalid:
    break;
  }
  return {{healthy.front()->load_balancer}};
}

bool DnsModel::probe(const Endpoint& endpoint) const {
  const auto& lb = *endpoint.load_balancer;
  // A load balancer without a live registered target answers 503, which fails the check.
  if (!lb.answers_from(world_.platform().global_host()) || !lb.has_live_target())
    return false;
  return !endpoint.params->health_check->deep || lb.dependencies_healthy();
}

void DnsModel::check(Endpoint& endpoint) {
  const HealthChecker checker{
      .phase = endpoint.phase,
      .interval = endpoint.params->health_check->interval_s,
      .settled = [&] { return endpoint.flag.settled(probe(endpoint)); },
      .probe =
          [&] {
            const bool ok = probe(endpoint);
            if (endpoint.flag.observe(ok)) {
              ++version_;
              world_.log(ok ? EventKind::HealthCheckPassed : EventKind::HealthCheckFailed, endpoint.params->target,
                         "Route 53 check of " + params_.name + " after " +
                             std::to_string(endpoint.params->health_check->failure_threshold) + " probes");
              world_.changed();
            }
          },
      .agree = [&] { endpoint.flag.agree(); }};
  checker.run(world_);
}

void DnsModel::start() {
  for (auto& endpoint : endpoints_)
    if (endpoint.params->health_check)
      simgrid::s4u::Actor::create("route53-check:" + endpoint.params->target, world_.platform().global_host(),
                                  [this, &endpoint] { check(endpoint); });
}

} // namespace drsim
