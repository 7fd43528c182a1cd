#include "models/load_balancer.hpp"

#include <algorithm>

#include <boost/random/uniform_01.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/fleet.hpp"
#include "models/shared/health_checker.hpp"
#include "models/world.hpp"

namespace drsim {

LoadBalancerModel::LoadBalancerModel(World& world, const LoadBalancer& params, std::size_t index)
    : world_(world), params_(params), index_(index), fleet_(world.fleet(params.fleet)),
      regional_host_(world.platform().regional_host(params.region)),
      phase_(boost::random::uniform_01<double>()(world.rng()) * params.health_check.interval_s) {
  const auto& azs = params.azs.empty() ? world.topology().find_region(params.region)->azs : params.azs;
  for (const auto& az : azs)
    nodes_.push_back(world.platform().component_host(params.name, az));
  // The instances running when the drill starts have passed their checks long ago.
  for (const auto& instance : fleet_.watch(params.region, *this))
    add_target(instance.id, true, true);
}

bool LoadBalancerModel::answers_from(const simgrid::s4u::Host* from) const {
  return std::any_of(nodes_.begin(), nodes_.end(),
                     [&](const simgrid::s4u::Host* node) { return world_.platform().reachable(from, node); });
}

double LoadBalancerModel::latency_from(const simgrid::s4u::Host* from) const {
  return world_.platform().latency(from, nodes_.front());
}

bool LoadBalancerModel::dependencies_healthy() const { return world_.dependencies_writable(fleet_, regional_host_); }

double LoadBalancerModel::served_fraction(double load_rps) const {
  if (disruptions_ > 0 || registered_ == 0 || live_ == 0)
    return 0;
  const double live_share = static_cast<double>(live_) / registered_;
  if (load_rps <= 0)
    return live_share;
  return std::min(live_share, live_ * fleet_.params().requests_per_instance / load_rps);
}

void LoadBalancerModel::add_target(int id, bool healthy, bool serving) {
  if (targets_.size() <= static_cast<std::size_t>(id))
    targets_.resize(static_cast<std::size_t>(id) + 1);
  const auto& check = params_.health_check;
  targets_[static_cast<std::size_t>(id)] =
      Target{ThresholdFlag(healthy, check.unhealthy_threshold, check.healthy_threshold), serving};
  registered_ += healthy;
  live_ += healthy && serving;
  unsettled_ += healthy != serving;
}

template <class Change> void LoadBalancerModel::update(int id, Change change) {
  auto& target = *targets_[static_cast<std::size_t>(id)];
  const bool was_healthy = target.verdict.healthy();
  const bool was_serving = target.serving;
  change(target);
  const bool healthy = target.verdict.healthy();
  registered_ += static_cast<int>(healthy) - static_cast<int>(was_healthy);
  live_ += static_cast<int>(healthy && target.serving) - static_cast<int>(was_healthy && was_serving);
  unsettled_ += static_cast<int>(healthy != target.serving) - static_cast<int>(was_healthy != was_serving);
  if (!target.watched && (healthy != target.serving || target.verdict.streaking())) {
    target.watched = true;
    watched_.push_back(id);
  }
}

void LoadBalancerModel::instance_launched(int id) { add_target(id, false, false); }

void LoadBalancerModel::instance_serving(int id, bool serving) {
  update(id, [&](Target& target) { target.serving = serving; });
}

void LoadBalancerModel::check_targets() {
  // Forgets the targets that a probe can no longer change.
  auto prune = [this] {
    std::erase_if(watched_, [this](int id) {
      auto& target = *targets_[static_cast<std::size_t>(id)];
      target.watched = target.verdict.healthy() != target.serving || target.verdict.streaking();
      return !target.watched;
    });
  };
  const HealthChecker checker{
      .phase = phase_,
      .interval = params_.health_check.interval_s,
      .settled = [this] { return unsettled_ == 0; },
      .probe =
          [&] {
            const int before = registered_;
            bool flipped = false;
            for (const int id : watched_)
              update(id, [&](Target& target) { flipped |= target.verdict.observe(target.serving); });
            prune();
            if (flipped) {
              world_.log(EventKind::TargetsChanged, params_.name,
                         std::to_string(before) + " -> " + std::to_string(registered_) + " healthy targets");
              world_.changed();
            }
          },
      .agree =
          [&] {
            for (const int id : watched_)
              targets_[static_cast<std::size_t>(id)]->verdict.agree();
            prune();
          }};
  checker.run(world_);
}

void LoadBalancerModel::start() {
  simgrid::s4u::Actor::create("lb-targets:" + params_.name, regional_host_, [this] { check_targets(); });
}

} // namespace drsim
