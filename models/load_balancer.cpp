#include "models/load_balancer.hpp"

#include <algorithm>

#include <boost/random/uniform_01.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/fleet.hpp"
#include "models/shared/health_checker.hpp"
#include "models/world.hpp"

namespace drsim {

LoadBalancerModel::LoadBalancerModel(World& world, const LoadBalancer& params)
    : world_(world), params_(params),
      phase_(boost::random::uniform_01<double>()(world.rng()) * params.health_check.interval_s) {
  const auto& azs = params.azs.empty() ? world.topology().find_region(params.region)->azs : params.azs;
  for (const auto& az : azs)
    nodes_.push_back(world.platform().component_host(params.name, az));
  // The instances running when the drill starts have passed their checks long ago.
  for (const auto& instance : world.fleet(params.fleet).instances(params.region))
    targets_.emplace(instance.id, ThresholdFlag(true, params.health_check.unhealthy_threshold,
                                                params.health_check.healthy_threshold));
}

bool LoadBalancerModel::answers_from(const simgrid::s4u::Host* from) const {
  return std::any_of(nodes_.begin(), nodes_.end(),
                     [&](const simgrid::s4u::Host* node) { return world_.platform().reachable(from, node); });
}

double LoadBalancerModel::latency_from(const simgrid::s4u::Host* from) const {
  return world_.platform().latency(from, nodes_.front());
}

int LoadBalancerModel::registered_targets() const {
  return static_cast<int>(std::count_if(targets_.begin(), targets_.end(), [](const auto& t) { return t.second.healthy(); }));
}

bool LoadBalancerModel::has_live_target() const {
  const auto& fleet = world_.fleet(params_.fleet);
  return std::any_of(targets_.begin(), targets_.end(),
                     [&](const auto& t) { return t.second.healthy() && fleet.instance_serving(params_.region, t.first); });
}

bool LoadBalancerModel::dependencies_healthy() const {
  const auto& fleet = world_.fleet(params_.fleet).params();
  return world_.dependencies_writable(fleet, params_.region);
}

double LoadBalancerModel::served_fraction(double load_rps) const {
  if (disruptions_ > 0)
    return 0;
  const auto& fleet = world_.fleet(params_.fleet);
  int registered = 0;
  int live = 0;
  for (const auto& [id, flag] : targets_) {
    if (!flag.healthy())
      continue;
    ++registered;
    if (fleet.instance_serving(params_.region, id))
      ++live;
  }
  if (registered == 0 || live == 0)
    return 0;
  const double live_share = static_cast<double>(live) / registered;
  if (load_rps <= 0)
    return live_share;
  return std::min(live_share, live * fleet.params().requests_per_instance / load_rps);
}

void LoadBalancerModel::check_targets() {
  const auto& check = params_.health_check;
  auto& fleet = world_.fleet(params_.fleet);
  const HealthChecker checker{
      .phase = phase_,
      .interval = check.interval_s,
      .settled =
          [&] {
            // Instances launched since the last look are targets too, unhealthy until they pass their checks.
            for (const auto& instance : fleet.instances(params_.region))
              targets_.try_emplace(instance.id,
                                   ThresholdFlag(false, check.unhealthy_threshold, check.healthy_threshold));
            return std::all_of(targets_.begin(), targets_.end(), [&](const auto& t) {
              return t.second.settled(fleet.instance_serving(params_.region, t.first));
            });
          },
      .probe =
          [&] {
            const int before = registered_targets();
            bool flipped = false;
            for (auto& [id, flag] : targets_)
              flipped |= flag.observe(fleet.instance_serving(params_.region, id));
            if (flipped) {
              const int after = registered_targets();
              world_.log(EventKind::TargetsChanged, params_.name,
                         std::to_string(before) + " -> " + std::to_string(after) + " healthy targets");
              world_.changed();
            }
          },
      .agree =
          [&] {
            for (auto& target : targets_)
              target.second.agree();
          }};
  checker.run(world_);
}

void LoadBalancerModel::start() {
  simgrid::s4u::Actor::create("lb-targets:" + params_.name, world_.platform().regional_host(params_.region),
                              [this] { check_targets(); });
}

} // namespace drsim
