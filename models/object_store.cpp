#include "models/object_store.hpp"

#include <algorithm>

#include <boost/random/uniform_01.hpp>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/shared/periodic_shipper.hpp"
#include "models/world.hpp"
#include "sim/core/time.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {

ObjectStoreModel::ObjectStoreModel(World& world, const ObjectStore& params) : world_(world), params_(params) {}

bool ObjectStoreModel::reachable_from(const sg4::Host* from) const {
  if (world_.platform().reachable(from, world_.platform().regional_host(params_.region)))
    return true;
  return std::any_of(params_.replicate_to.begin(), params_.replicate_to.end(), [&](const std::string& region) {
    return world_.platform().reachable(from, world_.platform().regional_host(region));
  });
}

double ObjectStoreModel::lost_objects() const {
  if (world_.platform().regional_host(params_.region)->is_on() || replicated_.empty())
    return 0;
  double newest = 0;
  for (const auto& [region, until] : replicated_)
    if (world_.platform().regional_host(region)->is_on())
      newest = std::max(newest, until);
  return std::max(0.0, source_lost_at_.value_or(world_.now()) - newest) * params_.write_rate_ops;
}

void ObjectStoreModel::replicate(const std::string& region) {
  const double interval = params_.ship_interval_s;
  const double phase = boost::random::uniform_01<double>()(world_.rng()) * interval;
  auto* source = world_.platform().regional_host(params_.region);
  auto* destination = world_.platform().regional_host(region);
  BatchStream batches(world_, source, destination, params_.write_rate_ops * params_.object_size_B, interval);
  // The last time the source went down: what the copies miss is written from then on. A kill at the end of the drill
  // counts only if the source is down then (lost_objects).
  sg4::this_actor::on_exit([this](bool killed) {
    if (killed)
      source_lost_at_ = world_.now();
  });
  const PeriodicShipper shipper{
      .phase = phase,
      .interval = interval,
      .look =
          [&](const SteadyStart& start) {
            if (!world_.platform().reachable(source, destination))
              return ShippingState::Blocked;
            // Caught up and each batch arriving before the next leaves: settled in closed form
            // (models/shared/steady_shipping.hpp).
            const double delay = world_.platform().transfer_time(
                source, destination, interval * params_.write_rate_ops * params_.object_size_B);
            if (world_.now() - replicated_[region] <= 2 * interval + time_tolerance_s && delay < interval) {
              steady_.push_back({region, start.schedule(delay)});
              return ShippingState::Steady;
            }
            return ShippingState::Behind;
          },
      .ship =
          [&] {
            batches.send(replicated_[region], world_.now(), [this, region](double up_to, double) {
              replicated_[region] = std::max(replicated_[region], up_to);
            });
          }};
  shipper.run(world_);
}

void ObjectStoreModel::end_steady_shipping() {
  for (const auto& steady : steady_)
    if (const auto departed = steady.schedule.last_arrived(world_.now()))
      replicated_[steady.region] = std::max(replicated_[steady.region], *departed);
  steady_.clear();
}

void ObjectStoreModel::start() {
  for (const auto& region : params_.replicate_to)
    replicated_[region] = 0;
  start_replication();
}

void ObjectStoreModel::restart(const std::string& region) {
  if (region == params_.region)
    start_replication();
}

void ObjectStoreModel::start_replication() {
  for (const auto& region : params_.replicate_to) {
    sg4::Actor::create("replication:" + params_.name + ":" + region, world_.platform().regional_host(params_.region),
                       [this, region] { replicate(region); });
  }
}

} // namespace drsim
