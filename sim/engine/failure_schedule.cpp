#include "sim/engine/failure_schedule.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace drsim {
namespace {

Fault drawn_fault(FaultKind kind, std::string target, double onset, double duration) {
  Fault fault;
  fault.kind = kind;
  fault.target = std::move(target);
  fault.onset = Distribution::fixed(onset);
  fault.duration = Distribution::fixed(duration);
  return fault;
}

// One unit's alternating renewal process: up for a time to failure, then down for a repair, until the horizon.
// `make` turns an onset and a repair time into the fault.
template <class MakeFault>
void draw_renewals(const RandomFailure& failure, double horizon, Rng& rng, std::vector<Fault>& faults, MakeFault make) {
  for (double t = failure.time_to_failure.sample(rng); t < horizon;) {
    const double repair = failure.time_to_repair.sample(rng);
    faults.push_back(make(t, repair));
    t += repair + failure.time_to_failure.sample(rng);
  }
}

void draw_instance_failures(const RandomFailure& failure, const Topology& topology, double horizon, Rng& rng,
                            std::vector<Fault>& faults) {
  for (const auto& fleet : topology.fleets) {
    if (!failure.component.empty() && failure.component != fleet.name)
      continue;
    for (const auto& [region, capacity] : fleet.capacity)
      for (int slot = 0; slot < capacity.desired; ++slot)
        // `region` captured by name: clang before 16 (and so clang-tidy) cannot capture a structured binding.
        draw_renewals(failure, horizon, rng, faults, [&, &region = region](double onset, double repair) {
          Fault fault = drawn_fault(FaultKind::InstanceFailure, fleet.name, onset, repair);
          fault.region = region;
          fault.count = slot;
          return fault;
        });
  }
}

void draw_database_node_failures(const RandomFailure& failure, const Topology& topology, double horizon, Rng& rng,
                                 std::vector<Fault>& faults) {
  for (const auto& database : topology.databases) {
    if (!failure.component.empty() && failure.component != database.name)
      continue;
    std::vector<std::string> nodes{"primary"};
    for (const auto& replica : database.replicas)
      nodes.push_back(replica.name);
    for (const auto& node : nodes)
      draw_renewals(failure, horizon, rng, faults, [&](double onset, double repair) {
        Fault fault = drawn_fault(FaultKind::DatabaseNodeFailure, database.name, onset, repair);
        fault.peer = node;
        return fault;
      });
  }
}

void draw_load_balancer_failures(const RandomFailure& failure, const Topology& topology, double horizon, Rng& rng,
                                 std::vector<Fault>& faults) {
  for (const auto& lb : topology.load_balancers)
    if (failure.component.empty() || failure.component == lb.name)
      draw_renewals(failure, horizon, rng, faults, [&](double onset, double repair) {
        return drawn_fault(FaultKind::LoadBalancerFailure, lb.name, onset, repair);
      });
}

// Each copy of a queue fails on its own: SQS runs an independent service in every region.
void draw_queue_failures(const RandomFailure& failure, const Topology& topology, double horizon, Rng& rng,
                         std::vector<Fault>& faults) {
  for (const auto& queue : topology.queues) {
    if (!failure.component.empty() && failure.component != queue.name)
      continue;
    for (const auto& region : queue.regions)
      draw_renewals(failure, horizon, rng, faults, [&](double onset, double repair) {
        Fault fault = drawn_fault(FaultKind::QueueFailure, queue.name, onset, repair);
        fault.region = region;
        return fault;
      });
  }
}

std::vector<std::string> event_targets(const CommonCauseEvent& event, const Topology& topology) {
  if (!event.targets.empty())
    return event.targets;
  std::vector<std::string> targets;
  for (const auto& region : topology.regions) {
    if (event.kind == FaultKind::AzOutage)
      targets.insert(targets.end(), region.azs.begin(), region.azs.end());
    else
      targets.push_back(region.name);
  }
  return targets;
}

// The region whose load balancers a blip at the onset of an outage of `target` disrupts.
std::string blip_region(FaultKind kind, const std::string& target, const Topology& topology) {
  if (kind != FaultKind::AzOutage)
    return target;
  const Region* region = topology.region_of_az(target);
  if (region == nullptr)
    throw std::invalid_argument("AZ " + target + " of a common-cause event is not in the topology");
  return region->name;
}

void draw_common_cause(const CommonCauseEvent& event, const Topology& topology, double horizon, Rng& rng,
                       std::vector<Fault>& faults) {
  const auto gap = Distribution::exponential(seconds_per_year / event.rate_per_year);
  for (const auto& target : event_targets(event, topology)) {
    const std::string blip_target = event.blip ? blip_region(event.kind, target, topology) : target;
    for (double t = gap.sample(rng); t < horizon;) {
      const double duration = event.duration.sample(rng);
      faults.push_back(drawn_fault(event.kind, target, t, duration));
      if (event.blip)
        faults.push_back(drawn_fault(FaultKind::Blip, blip_target, t, event.blip->sample(rng)));
      t += duration + gap.sample(rng);
    }
  }
}

} // namespace

std::vector<Fault> draw_failures(const Scenario& scenario, const Topology& topology, Rng& rng) {
  std::vector<Fault> faults;
  for (const auto& failure : scenario.random_failures) {
    if (failure.kind == FailureTarget::Instance)
      draw_instance_failures(failure, topology, scenario.horizon_s, rng, faults);
    else if (failure.kind == FailureTarget::DatabaseNode)
      draw_database_node_failures(failure, topology, scenario.horizon_s, rng, faults);
    else if (failure.kind == FailureTarget::LoadBalancer)
      draw_load_balancer_failures(failure, topology, scenario.horizon_s, rng, faults);
    else if (failure.kind == FailureTarget::Queue)
      draw_queue_failures(failure, topology, scenario.horizon_s, rng, faults);
  }
  for (const auto& event : scenario.common_cause)
    draw_common_cause(event, topology, scenario.horizon_s, rng, faults);
  std::stable_sort(faults.begin(), faults.end(),
                   [](const Fault& a, const Fault& b) { return a.onset.mean() < b.onset.mean(); });
  return faults;
}

} // namespace drsim
