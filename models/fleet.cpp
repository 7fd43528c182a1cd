#include "models/fleet.hpp"

#include <algorithm>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/load_balancer.hpp"
#include "models/world.hpp"
#include "sim/core/time.hpp"

namespace drsim {
namespace {

bool serving(const Instance& instance) { return instance.booted && !instance.terminated && !instance.impaired; }
bool still_booting(const Instance& instance) { return !instance.booted && !instance.terminated; }

} // namespace

FleetModel::FleetModel(World& world, const Fleet& params) : world_(world), params_(params) {
  for (const auto& [region, capacity] : params.capacity) {
    auto& group = regions_[region];
    group.capacity = capacity;
    const auto& azs = world.topology().find_region(region)->azs;
    for (const auto& az : azs)
      group.az_hosts.push_back(world.platform().component_host(params.name, az));
    for (int i = 0; i < capacity.desired; ++i) {
      group.instances.push_back({next_id_++, azs[group.next_az], 0, true, false});
      group.next_az = (group.next_az + 1) % azs.size();
    }
    group.running = capacity.desired;
  }
}

const std::vector<Instance>& FleetModel::watch(const std::string& region, LoadBalancerModel& load_balancer) {
  static const std::vector<Instance> none;
  const auto found = regions_.find(region);
  if (found == regions_.end())
    return none;
  found->second.load_balancers.push_back(&load_balancer);
  return found->second.instances;
}

int FleetModel::running(const std::string& region) const {
  const auto found = regions_.find(region);
  return found == regions_.end() ? 0 : found->second.running;
}

void FleetModel::update(RegionGroup& group, Instance& instance, const std::function<void(Instance&)>& change) {
  const bool was_serving = serving(instance);
  const bool was_booting = still_booting(instance);
  const bool was_running = !instance.terminated;
  change(instance);
  group.booting += static_cast<int>(still_booting(instance)) - static_cast<int>(was_booting);
  group.running += static_cast<int>(!instance.terminated) - static_cast<int>(was_running);
  if (serving(instance) != was_serving)
    for (auto* lb : group.load_balancers)
      lb->instance_serving(instance.id, serving(instance));
}

int FleetModel::desired(const std::string& region) const {
  const auto found = regions_.find(region);
  return found == regions_.end() ? 0 : found->second.capacity.desired;
}

void FleetModel::set_desired(const std::string& region, int desired) {
  if (!regions_.contains(region)) {
    world_.log(EventKind::ScaleFailed, params_.name, "has no capacity in " + region);
    return;
  }
  auto& group = regions_.at(region);
  group.capacity.desired = std::clamp(desired, group.capacity.min, group.capacity.max);
  world_.log(EventKind::Scale, params_.name,
             region + " desired capacity set to " + std::to_string(group.capacity.desired));
  world_.changed();
}

void FleetModel::set_capacity_short(const std::string& region, bool short_of_capacity) {
  if (regions_.contains(region))
    regions_.at(region).capacity_short = short_of_capacity;
}

void FleetModel::forget_terminated(RegionGroup& group) {
  // Once most of the list is terminated: amortised, each instance is moved a bounded number of times.
  if (group.instances.size() - static_cast<std::size_t>(group.running) <= static_cast<std::size_t>(group.running))
    return;
  std::erase_if(group.instances, [](const Instance& instance) { return instance.terminated; });
  // The order of the instances is kept, and with it the order of equal boot times in the queue.
  BootQueue boots;
  for (std::size_t i = 0; i < group.instances.size(); ++i)
    if (still_booting(group.instances[i]))
      boots.emplace(group.instances[i].ready_at, i);
  group.boots = std::move(boots);
}

void FleetModel::lose_instances(const std::string& region, int count) {
  if (!regions_.contains(region))
    return;
  auto& group = regions_.at(region);
  for (auto& instance : group.instances)
    if (count > 0 && !instance.terminated) {
      update(group, instance, [](Instance& i) { i.terminated = true; });
      --count;
    }
  forget_terminated(group);
}

void FleetModel::impair(const std::string& region, int slot, bool begin) {
  if (!regions_.contains(region))
    return;
  auto& group = regions_.at(region);
  if (!begin) {
    const auto found = impaired_.find({region, slot});
    if (found == impaired_.end())
      return;
    for (auto& instance : group.instances)
      if (instance.id == found->second)
        update(group, instance, [](Instance& i) { i.impaired = false; });
    impaired_.erase(found);
    return;
  }
  // The slot-th running instance, or the next one that is not under repair already: two failures at once take two
  // instances down, even when terminations since moved the slots onto the same one.
  std::vector<Instance*> running;
  for (auto& instance : group.instances)
    if (!instance.terminated)
      running.push_back(&instance);
  for (std::size_t k = 0; k < running.size(); ++k) {
    auto* instance = running[(static_cast<std::size_t>(slot) + k) % running.size()];
    if (!instance->impaired) {
      update(group, *instance, [](Instance& i) { i.impaired = true; });
      impaired_[{region, slot}] = instance->id;
      return;
    }
  }
}

void FleetModel::lose_azs(const std::vector<std::string>& azs) {
  for (auto& [region, group] : regions_)
    for (auto& instance : group.instances)
      if (!instance.terminated && std::find(azs.begin(), azs.end(), instance.az) != azs.end())
        update(group, instance, [](Instance& i) { i.terminated = true; });
  for (auto& [region, group] : regions_)
    forget_terminated(group);
}

void FleetModel::restart(const std::string& region) {
  if (regions_.contains(region))
    simgrid::s4u::Actor::create("fleet:" + params_.name + ":" + region, world_.platform().regional_host(region),
                                [this, region] { control(region); });
}

bool FleetModel::booting() const {
  return std::any_of(regions_.begin(), regions_.end(), [](const auto& entry) { return entry.second.booting > 0; });
}

std::size_t FleetModel::instances_kept(const std::string& region) const {
  const auto found = regions_.find(region);
  return found == regions_.end() ? 0 : found->second.instances.size();
}

void FleetModel::control(const std::string& region) {
  auto& group = regions_.at(region);
  const auto& azs = world_.topology().find_region(region)->azs;
  while (true) {
    const double now = world_.now();
    bool finished_booting = false;
    while (!group.boots.empty() && group.boots.top().first <= now + time_tolerance_s) {
      auto& instance = group.instances[group.boots.top().second];
      group.boots.pop();
      if (still_booting(instance)) {
        update(group, instance, [](Instance& i) { i.booted = true; });
        finished_booting = true;
      }
    }
    const int alive = group.running;
    int missing = group.capacity.desired - alive;
    int launched = 0;
    for (std::size_t tried = 0; missing > 0 && !group.capacity_short && tried < azs.size();) {
      const std::size_t az = group.next_az;
      group.next_az = (group.next_az + 1) % azs.size();
      if (!group.az_hosts[az]->is_on()) {
        ++tried;
        continue;
      }
      tried = 0;
      const double ready_at = now + params_.boot_time.sample(world_.rng());
      group.instances.push_back({next_id_++, azs[az], ready_at, false, false});
      group.boots.emplace(ready_at, group.instances.size() - 1);
      ++group.running;
      ++group.booting;
      for (auto* lb : group.load_balancers)
        lb->instance_launched(group.instances.back().id);
      --missing;
      ++launched;
    }
    if (launched > 0)
      world_.log(EventKind::Launch, params_.name, std::to_string(launched) + " instances launching in " + region);
    if (finished_booting && group.booting == 0)
      world_.log(EventKind::InstancesBooted, params_.name, std::to_string(alive) + " instances running in " + region);
    if (finished_booting)
      world_.changed();
    while (!group.boots.empty() && !still_booting(group.instances[group.boots.top().second]))
      group.boots.pop();
    world_.wait_for_change(group.boots.empty() ? world_.horizon() : group.boots.top().first);
  }
}

void FleetModel::start() {
  for (const auto& [region, group] : regions_)
    simgrid::s4u::Actor::create("fleet:" + params_.name + ":" + region, world_.platform().regional_host(region),
                                [this, name = region] { control(name); });
}

} // namespace drsim
