#include "models/fleet.hpp"

#include <algorithm>

#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/world.hpp"
#include "sim/core/time.hpp"

namespace drsim {

FleetModel::FleetModel(World& world, const Fleet& params) : world_(world), params_(params) {
  for (const auto& [region, capacity] : params.capacity) {
    auto& group = regions_[region];
    group.capacity = capacity;
    const auto& azs = world.topology().find_region(region)->azs;
    for (int i = 0; i < capacity.desired; ++i) {
      group.instances.push_back({next_id_++, azs[group.next_az], 0, true, false});
      group.next_az = (group.next_az + 1) % azs.size();
    }
  }
}

const std::vector<Instance>& FleetModel::instances(const std::string& region) const {
  static const std::vector<Instance> none;
  const auto found = regions_.find(region);
  return found == regions_.end() ? none : found->second.instances;
}

bool FleetModel::az_up(const std::string& az) const {
  return world_.platform().component_host(params_.name, az)->is_on();
}

bool FleetModel::instance_serving(const std::string& region, int id) const {
  for (const auto& instance : instances(region))
    if (instance.id == id)
      return instance.booted && !instance.terminated && !instance.impaired && az_up(instance.az);
  return false;
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

void FleetModel::lose_instances(const std::string& region, int count) {
  if (!regions_.contains(region))
    return;
  for (auto& instance : regions_.at(region).instances)
    if (count > 0 && !instance.terminated) {
      instance.terminated = true;
      --count;
    }
}

void FleetModel::impair(const std::string& region, int slot, bool begin) {
  if (!regions_.contains(region))
    return;
  auto& instances = regions_.at(region).instances;
  if (!begin) {
    const auto found = impaired_.find({region, slot});
    if (found == impaired_.end())
      return;
    for (auto& instance : instances)
      if (instance.id == found->second)
        instance.impaired = false;
    impaired_.erase(found);
    return;
  }
  // The slot-th running instance, or the next one that is not under repair already: two failures at once take two
  // instances down, even when terminations since moved the slots onto the same one.
  std::vector<Instance*> running;
  for (auto& instance : instances)
    if (!instance.terminated)
      running.push_back(&instance);
  for (std::size_t k = 0; k < running.size(); ++k) {
    auto* instance = running[(static_cast<std::size_t>(slot) + k) % running.size()];
    if (!instance->impaired) {
      instance->impaired = true;
      impaired_[{region, slot}] = instance->id;
      return;
    }
  }
}

void FleetModel::lose_azs(const std::vector<std::string>& azs) {
  for (auto& [region, group] : regions_)
    for (auto& instance : group.instances)
      if (std::find(azs.begin(), azs.end(), instance.az) != azs.end())
        instance.terminated = true;
}

void FleetModel::restart(const std::string& region) {
  if (regions_.contains(region))
    simgrid::s4u::Actor::create("fleet:" + params_.name + ":" + region, world_.platform().regional_host(region),
                                [this, region] { control(region); });
}

bool FleetModel::booting() const {
  for (const auto& [region, group] : regions_)
    for (const auto& instance : group.instances)
      if (!instance.booted && !instance.terminated)
        return true;
  return false;
}

void FleetModel::control(const std::string& region) {
  auto& group = regions_.at(region);
  const auto& azs = world_.topology().find_region(region)->azs;
  while (true) {
    const double now = world_.now();
    bool changed = false;
    bool finished_booting = false;
    for (auto& instance : group.instances) {
      if (!instance.terminated && !az_up(instance.az)) {
        instance.terminated = true;
        changed = true;
      }
      if (!instance.terminated && !instance.booted && instance.ready_at <= now + time_tolerance_s) {
        instance.booted = true;
        changed = finished_booting = true;
      }
    }
    const auto alive = std::count_if(group.instances.begin(), group.instances.end(),
                                     [](const Instance& i) { return !i.terminated; });
    int missing = group.capacity.desired - static_cast<int>(alive);
    int launched = 0;
    for (std::size_t tried = 0; missing > 0 && !group.capacity_short && tried < azs.size();) {
      const auto& az = azs[group.next_az];
      group.next_az = (group.next_az + 1) % azs.size();
      if (!az_up(az)) {
        ++tried;
        continue;
      }
      tried = 0;
      group.instances.push_back({next_id_++, az, now + params_.boot_time.sample(world_.rng()), false, false});
      --missing;
      ++launched;
    }
    if (launched > 0)
      world_.log(EventKind::Launch, params_.name, std::to_string(launched) + " instances launching in " + region);
    const bool all_booted = std::none_of(group.instances.begin(), group.instances.end(),
                                         [](const Instance& i) { return !i.booted && !i.terminated; });
    if (finished_booting && all_booted)
      world_.log(EventKind::InstancesBooted, params_.name,
                 std::to_string(alive) + " instances running in " + region);
    if (changed)
      world_.changed();
    double next_wake = world_.horizon();
    for (const auto& instance : group.instances)
      if (!instance.booted && !instance.terminated)
        next_wake = std::min(next_wake, instance.ready_at);
    world_.wait_for_change(next_wake);
  }
}

void FleetModel::start() {
  for (const auto& [region, group] : regions_)
    simgrid::s4u::Actor::create("fleet:" + params_.name + ":" + region, world_.platform().regional_host(region),
                                [this, name = region] { control(name); });
}

} // namespace drsim
