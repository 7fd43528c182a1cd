#include "models/world.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/backup.hpp"
#include "models/client.hpp"
#include "models/database.hpp"
#include "models/dns.hpp"
#include "models/fleet.hpp"
#include "models/load_balancer.hpp"
#include "models/object_store.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {
namespace {

template <class Model> Model& named(const std::vector<std::unique_ptr<Model>>& models, const std::string& name) {
  for (const auto& model : models)
    if (model->params().name == name)
      return *model;
  throw std::logic_error("no component named '" + name + "' in the drill");
}

} // namespace

World::World(const Topology& topology, const Platform& platform, double horizon_s, std::uint64_t seed)
    : topology_(topology), platform_(platform), horizon_s_(horizon_s), rng_(seed) {
  t0_ = sg4::Engine::get_clock();
  // Order matters only for the random draws: a fixed order keeps a seed's drill identical.
  for (const auto& fleet : topology.fleets)
    fleets_.push_back(std::make_unique<FleetModel>(*this, fleet));
  for (const auto& lb : topology.load_balancers)
    load_balancers_.push_back(std::make_unique<LoadBalancerModel>(*this, lb));
  for (const auto& db : topology.databases)
    databases_.push_back(std::make_unique<DatabaseModel>(*this, db));
  for (const auto& store : topology.object_stores)
    object_stores_.push_back(std::make_unique<ObjectStoreModel>(*this, store));
  for (const auto& backup : topology.backups)
    backups_.push_back(std::make_unique<BackupModel>(*this, backup));
  for (const auto& record : topology.dns)
    dns_.push_back(std::make_unique<DnsModel>(*this, record));
  for (const auto& client : topology.clients) {
    clients_.push_back(std::make_unique<ClientModel>(*this, client));
    outcomes_.push_back({client.name, client.rate_rps, {}});
  }
}

World::~World() = default;

void World::start() {
  evaluate();
  for (auto& model : fleets_)
    model->start();
  for (auto& model : load_balancers_)
    model->start();
  for (auto& model : databases_)
    model->start();
  for (auto& model : object_stores_)
    model->start();
  for (auto& model : backups_)
    model->start();
  for (auto& model : dns_)
    model->start();
  for (auto& model : clients_)
    model->start();
}

void World::restart_region(const std::string& region) {
  for (auto& fleet : fleets_)
    fleet->restart(region);
  for (auto& lb : load_balancers_)
    if (lb->params().region == region)
      lb->start();
  for (auto& db : databases_)
    db->restart(region);
  for (auto& backup : backups_)
    if (backup->source_region() == region)
      backup->restart();
  for (auto& store : object_stores_)
    store->restart(region);
  for (auto& client : clients_)
    if (client->host() == platform_.regional_host(region))
      client->start();
}

double World::now() const { return sg4::Engine::get_clock() - t0_; }
double World::to_clock(double time) const { return t0_ + time; }

void World::end_steady_shipping() {
  for (auto& db : databases_)
    db->end_steady_shipping();
  for (auto& store : object_stores_)
    store->end_steady_shipping();
  for (auto& backup : backups_)
    backup->end_steady_shipping();
}

void World::changed() {
  end_steady_shipping();
  evaluate();
  ++generation_;
  // Releasing is a simcall, during which the woken actors may run and wait again: release a copy of the list.
  const auto woken = std::exchange(waiting_, {});
  for (const auto& wake : woken)
    wake->release();
}

void World::wait_for_change(double time) {
  // An actor waiting for a moment before the horizon still has work to do: the drill is not over.
  const bool timed = time < horizon_s_;
  timed_waiters_ += timed;
  // The caller checked the world just before this call, and actors are never preempted, so that check saw
  // generation `seen`. A semaphore of its own, rather than a condition variable and a mutex: a fault may kill an
  // actor at any moment, and a semaphore has no owner that a killed actor could leave it held by.
  const auto seen = generation_;
  // Also when a fault or the drill's end kills the actor: nothing waits on its semaphore any more, and its timed wait
  // no longer keeps the drill going. A destructor rather than catch and rethrow, which would unwind twice.
  struct Waiting {
    World& world;
    sg4::SemaphorePtr wake;
    bool timed;
    ~Waiting() {
      std::erase(world.waiting_, wake);
      world.timed_waiters_ -= timed;
    }
  } waiting{*this, sg4::Semaphore::create(0), timed};
  waiting_.push_back(waiting.wake);
  while (seen == generation_)
    if (waiting.wake->acquire_timeout(std::max(0.0, to_clock(std::min(time, horizon_s_)) - sg4::Engine::get_clock())))
      break;
}

void World::count_transfer(double bytes, bool cross_region, double at) {
  auto& tally = at < steady_end_ ? steady_transfer_ : incident_transfer_;
  (cross_region ? tally.cross_region_B : tally.in_region_B) += bytes;
}

void World::meter_capacity() {
  const double t = now();
  extra_instance_s_ += extra_instances_ * (t - metered_at_);
  metered_at_ = t;
  extra_instances_ = 0;
  for (const auto& fleet : fleets_)
    for (const auto& [region, capacity] : fleet->params().capacity) {
      const auto& instances = fleet->instances(region);
      const auto running =
          std::count_if(instances.begin(), instances.end(), [](const Instance& i) { return !i.terminated; });
      extra_instances_ += std::max(0, static_cast<int>(running) - capacity.desired);
    }
}

void World::log(EventKind kind, std::string component, std::string detail) {
  timeline_.push_back({now(), kind, std::move(component), std::move(detail)});
}

DnsModel& World::dns(const std::string& name) { return named(dns_, name); }
LoadBalancerModel& World::load_balancer(const std::string& name) { return named(load_balancers_, name); }
FleetModel& World::fleet(const std::string& name) { return named(fleets_, name); }
DatabaseModel& World::database(const std::string& name) { return named(databases_, name); }
BackupModel& World::backup(const std::string& name) { return named(backups_, name); }
const ObjectStoreModel* World::find_object_store(const std::string& name) const {
  for (const auto& store : object_stores_)
    if (store->params().name == name)
      return store.get();
  return nullptr;
}

ObjectStoreModel* World::object_store(const std::string& name) {
  return const_cast<ObjectStoreModel*>(std::as_const(*this).find_object_store(name));
}

bool World::dependencies_readable(const Fleet& fleet, const std::string& region) const {
  const auto* from = platform_.regional_host(region);
  return std::all_of(fleet.depends_on.begin(), fleet.depends_on.end(), [&](const std::string& dependency) {
    if (const auto* store = find_object_store(dependency))
      return store->reachable_from(from);
    return named(databases_, dependency).readable_from(from);
  });
}

bool World::dependencies_writable(const Fleet& fleet, const std::string& region) const {
  const auto* from = platform_.regional_host(region);
  return std::all_of(fleet.depends_on.begin(), fleet.depends_on.end(), [&](const std::string& dependency) {
    if (const auto* store = find_object_store(dependency))
      return store->reachable_from(from);
    return named(databases_, dependency).writable_from(from);
  });
}

bool World::dependencies_corrupt(const Fleet& fleet) const {
  return std::any_of(fleet.depends_on.begin(), fleet.depends_on.end(), [&](const std::string& dependency) {
    return topology_.find_database(dependency) && named(databases_, dependency).serving_corrupt_data();
  });
}

bool World::dependencies_silently_corrupt(const Fleet& fleet) const {
  return std::any_of(fleet.depends_on.begin(), fleet.depends_on.end(), [&](const std::string& dependency) {
    return topology_.find_database(dependency) && named(databases_, dependency).serving_silently_corrupt_data();
  });
}

bool World::busy() const {
  return pending_work_ > 0 || timed_waiters_ > 0 ||
         std::any_of(fleets_.begin(), fleets_.end(), [](const auto& fleet) { return fleet->booting(); });
}

// The outcome of every request stream, from the current state of every component it passes through:
// resolver cache -> load balancer (reachable, targets registered and alive, capacity) -> the fleet's
// dependencies (reachable, writable for writes, not corrupt). Requests served from corrupted data count as failed
// once the corruption is found; before, they succeed and are counted apart.
void World::evaluate() {
  corrupt_requests_ = corrupt_requests(now());
  corrupt_since_ = now();
  corrupt_rps_ = 0;
  std::map<std::string, double> load;
  for (const auto& client : clients_) {
    const double share = client->params().rate_rps / client->resolver_count();
    for (int r = 0; r < client->resolver_count(); ++r)
      for (const auto& [target, part] : client->cached_answer(r))
        load[target] += share * part;
  }
  for (auto& db : databases_)
    db->clear_write_flows();
  for (std::size_t c = 0; c < clients_.size(); ++c) {
    const auto& client = *clients_[c];
    const double write_fraction = client.params().write_fraction;
    const double share = client.params().rate_rps / client.resolver_count();
    double ratio = 0;
    for (int r = 0; r < client.resolver_count(); ++r)
      for (const auto& [target, part] : client.cached_answer(r)) {
        const auto& lb = named(load_balancers_, target);
        if (!lb.answers_from(client.host()))
          continue;
        const double served = lb.served_fraction(load[target]);
        const auto& fleet = named(fleets_, lb.params().fleet).params();
        if (served <= 0)
          continue;
        const bool reads = dependencies_readable(fleet, lb.params().region);
        const bool writes = dependencies_writable(fleet, lb.params().region);
        // Requests answered from corrupted data are failures to the client, though the database acknowledges
        // the writes.
        const double succeeded = part * served * ((1 - write_fraction) * reads + write_fraction * writes);
        if (!dependencies_corrupt(fleet))
          ratio += succeeded / client.resolver_count();
        if (dependencies_silently_corrupt(fleet))
          corrupt_rps_ += share * succeeded;
        if (writes)
          for (const auto& dependency : fleet.depends_on)
            if (topology_.find_database(dependency))
              named(databases_, dependency)
                  .add_write_flow(platform_.regional_host(lb.params().region), share * part * served * write_fraction);
      }
    outcomes_[c].record(now(), ratio);
  }
  for (auto& db : databases_)
    db->apply_write_flows();
}

} // namespace drsim
