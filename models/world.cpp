#include "models/world.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/backup.hpp"
#include "models/client.hpp"
#include "models/database.hpp"
#include "models/dns.hpp"
#include "models/fleet.hpp"
#include "models/load_balancer.hpp"
#include "models/object_store.hpp"
#include "models/queue.hpp"

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
    load_balancers_.push_back(std::make_unique<LoadBalancerModel>(*this, lb, load_balancers_.size()));
  for (const auto& db : topology.databases)
    databases_.push_back(std::make_unique<DatabaseModel>(*this, db, databases_.size()));
  for (const auto& store : topology.object_stores)
    object_stores_.push_back(std::make_unique<ObjectStoreModel>(*this, store));
  for (const auto& queue : topology.queues)
    queues_.push_back(std::make_unique<QueueModel>(*this, queue));
  for (const auto& backup : topology.backups)
    backups_.push_back(std::make_unique<BackupModel>(*this, backup));
  for (const auto& record : topology.dns)
    dns_.push_back(std::make_unique<DnsModel>(*this, record));
  for (const auto& client : topology.clients) {
    clients_.push_back(std::make_unique<ClientModel>(*this, client, clients_.size()));
    outcomes_.push_back({client.name, client.rate_rps, {}});
  }
  // One actor refreshes the resolvers of every population that resolves the same record from the same host.
  std::map<std::pair<const DnsModel*, const sg4::Host*>, ResolverGroup*> groups;
  for (const auto& client : clients_) {
    auto& group = groups[{&client->record(), client->host()}];
    if (!group) {
      resolver_groups_.push_back(std::make_unique<ResolverGroup>(*this));
      group = resolver_groups_.back().get();
    }
    group->add(*client);
  }
  for (auto& fleet : fleets_) {
    FleetDependencies needs;
    for (const auto& dependency : fleet->params().depends_on)
      if (auto* store = object_store(dependency))
        needs.object_stores.push_back(store);
      else if (topology.find_queue(dependency) != nullptr)
        needs.queues.push_back(&named(queues_, dependency));
      else
        needs.databases.push_back(&named(databases_, dependency));
    fleet->set_dependencies(std::move(needs));
  }
  routes_.resize(load_balancers_.size());
  loads_.assign(load_balancers_.size(), 0);
  load_stale_.assign(load_balancers_.size(), true);
  demands_.resize(clients_.size());
  queued_.assign(clients_.size(), false);
  for (std::size_t c = 0; c < clients_.size(); ++c)
    rerouted_.push_back(c);
  flows_.resize(databases_.size());
  flows_stale_.assign(databases_.size(), true);
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
  for (auto& group : resolver_groups_)
    group->start();
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
  for (auto& group : resolver_groups_)
    if (group->host() == platform_.regional_host(region))
      group->start();
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

void World::changed(const ClientModel& client) {
  rerouted_.push_back(client.index());
  changed();
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
  // Semaphores are used again: creating one per wait cost three allocations. One that nothing released during the
  // wait (it is still listed) or whose acquisition took the release holds no token. One released after its wait timed
  // out holds a token that would wake its next waiter at once, and when a fault kills the actor, a change under way
  // may still hold it in the list it is releasing: neither is used again.
  struct Waiting {
    World& world;
    sg4::SemaphorePtr wake;
    bool timed;
    bool timed_out = false;
    bool finished = false; //!< the wait ended by a release or its timeout, not by the actor's death
    ~Waiting() {
      const bool still_listed = std::erase(world.waiting_, wake) > 0;
      world.timed_waiters_ -= timed;
      if (finished && (still_listed || !timed_out))
        world.spare_semaphores_.push_back(std::move(wake));
    }
  } waiting{*this, spare_semaphore(), timed};
  waiting_.push_back(waiting.wake);
  while (seen == generation_) {
    waiting.timed_out =
        waiting.wake->acquire_timeout(std::max(0.0, to_clock(std::min(time, horizon_s_)) - sg4::Engine::get_clock()));
    ++wake_ups_;
    if (waiting.timed_out)
      break;
  }
  waiting.finished = true;
}

sg4::SemaphorePtr World::spare_semaphore() {
  if (spare_semaphores_.empty())
    return sg4::Semaphore::create(0);
  auto semaphore = std::move(spare_semaphores_.back());
  spare_semaphores_.pop_back();
  return semaphore;
}

void World::finish_instant() {
  // Every actor due at this instant was woken in the Engine's step that reached it, and each yields to the others at
  // its every call into the Engine (a host turned off, an actor started) and wakes more of them by its changes. A
  // yield lets all those ready run first; once one passes in which no actor touched the world (no change, no event,
  // no host or link turned, no actor started or ended), nothing else happens at this instant.
  const auto activity = [this] {
    return std::make_tuple(generation_, timeline_.size(), platform_changes_,
                           sg4::Engine::get_instance()->get_actor_count());
  };
  for (;;) {
    const auto before = activity();
    sg4::this_actor::yield();
    if (activity() == before)
      return;
  }
}

void World::count_transfer(double bytes, bool cross_region, double at) {
  auto& tally = at < steady_end_ ? steady_transfer_ : incident_transfer_;
  (cross_region ? tally.cross_region_B : tally.in_region_B) += bytes;
}

void World::meter_capacity() {
  const double t = now();
  if (!extra_instance_s_at_steady_end_ && t >= steady_end_)
    extra_instance_s_at_steady_end_ = extra_instance_seconds(steady_end_);
  extra_instance_s_ += extra_instances_ * (t - metered_at_);
  metered_at_ = t;
  extra_instances_ = 0;
  for (const auto& fleet : fleets_)
    for (const auto& [region, capacity] : fleet->params().capacity)
      extra_instances_ += std::max(0, fleet->running(region) - capacity.desired);
}

void World::log(EventKind kind, std::string component, std::string detail) {
  timeline_.push_back({now(), kind, std::move(component), std::move(detail)});
}

DnsModel& World::dns(const std::string& name) { return named(dns_, name); }
LoadBalancerModel& World::load_balancer(const std::string& name) { return named(load_balancers_, name); }
FleetModel& World::fleet(const std::string& name) { return named(fleets_, name); }
DatabaseModel& World::database(const std::string& name) { return named(databases_, name); }
BackupModel& World::backup(const std::string& name) { return named(backups_, name); }
QueueModel& World::queue(const std::string& name) { return named(queues_, name); }
const ObjectStoreModel* World::find_object_store(const std::string& name) const {
  for (const auto& store : object_stores_)
    if (store->params().name == name)
      return store.get();
  return nullptr;
}

ObjectStoreModel* World::object_store(const std::string& name) {
  return const_cast<ObjectStoreModel*>(std::as_const(*this).find_object_store(name));
}

bool World::dependencies_readable(const FleetModel& fleet, const sg4::Host* from) const {
  const auto& needs = fleet.dependencies();
  return std::all_of(needs.queues.begin(), needs.queues.end(),
                     [&](const QueueModel* queue) { return queue->serves(from); }) &&
         std::all_of(needs.object_stores.begin(), needs.object_stores.end(),
                     [&](const ObjectStoreModel* store) { return store->reachable_from(from); }) &&
         std::all_of(needs.databases.begin(), needs.databases.end(),
                     [&](const DatabaseModel* db) { return db->readable_from(from); });
}

bool World::dependencies_writable(const FleetModel& fleet, const sg4::Host* from) const {
  const auto& needs = fleet.dependencies();
  return std::all_of(needs.queues.begin(), needs.queues.end(),
                     [&](const QueueModel* queue) { return queue->serves(from); }) &&
         std::all_of(needs.object_stores.begin(), needs.object_stores.end(),
                     [&](const ObjectStoreModel* store) { return store->reachable_from(from); }) &&
         std::all_of(needs.databases.begin(), needs.databases.end(),
                     [&](const DatabaseModel* db) { return db->writable_from(from); });
}

bool World::dependencies_corrupt(const FleetModel& fleet) const {
  const auto& databases = fleet.dependencies().databases;
  return std::any_of(databases.begin(), databases.end(),
                     [](const DatabaseModel* db) { return db->serving_corrupt_data(); });
}

bool World::dependencies_silently_corrupt(const FleetModel& fleet) const {
  const auto& databases = fleet.dependencies().databases;
  return std::any_of(databases.begin(), databases.end(),
                     [](const DatabaseModel* db) { return db->serving_silently_corrupt_data(); });
}

bool World::busy() const {
  return pending_work_ > 0 || timed_waiters_ > 0 ||
         std::any_of(fleets_.begin(), fleets_.end(), [](const auto& fleet) { return fleet->booting(); });
}

// The outcome of every request stream, from the current state of every component it passes through:
// resolver cache -> load balancer (reachable, targets registered and alive, capacity) -> the fleet's
// dependencies (reachable, writable for writes, not corrupt, the queue copies of its region up). Requests served
// from corrupted data count as failed once the corruption is found; before, they succeed and are counted apart.
// Only the populations that a change can reach are evaluated again: those whose resolvers moved, those routed to a
// load balancer whose route changed (what it serves, what its fleet's dependencies allow), and every one after the
// platform changed (a client's own path to a load balancer). The sums over populations (a load balancer's load, a
// database's write flow) are added in the populations' order, so they do not depend on which ones were evaluated.
void World::evaluate() {
  corrupt_requests_ = corrupt_requests(now());
  corrupt_since_ = now();
  for (const auto c : std::exchange(rerouted_, {}))
    reroute(c);
  for (std::size_t l = 0; l < load_balancers_.size(); ++l) {
    auto route = route_of(l);
    if (route == routes_[l])
      continue;
    routes_[l] = std::move(route);
    for (std::size_t c = 0; c < clients_.size(); ++c)
      if (demands_[c].resolvers[l] > 0)
        reevaluate(c);
  }
  if (std::exchange(platform_changed_, false))
    for (std::size_t c = 0; c < clients_.size(); ++c)
      reevaluate(c);
  for (const auto c : std::exchange(reevaluate_, {})) {
    queued_[c] = false;
    evaluate(c);
  }
  for (std::size_t d = 0; d < databases_.size(); ++d) {
    auto& db = *databases_[d];
    // A promotion or a restore may have changed the streams.
    if (flows_stale_[d] || flows_[d].size() != db.stream_count()) {
      flows_[d].assign(db.stream_count(), 0.0);
      for (const auto& demand : demands_)
        for (std::size_t s = 0; s < flows_[d].size() && s < demand.writes[d].size(); ++s)
          flows_[d][s] += demand.writes[d][s];
      flows_stale_[d] = false;
    }
    db.apply_write_flows(flows_[d]);
  }
  if (std::exchange(corrupt_stale_, false)) {
    corrupt_rps_ = 0;
    for (const auto& demand : demands_)
      corrupt_rps_ += demand.corrupt_rps;
  }
}

void World::reroute(std::size_t c) {
  const auto& client = *clients_[c];
  auto& demand = demands_[c];
  const double share = client.params().rate_rps / client.resolver_count();
  std::vector<int> resolvers(load_balancers_.size(), 0);
  std::vector<double> load(load_balancers_.size(), 0.0);
  for (int r = 0; r < client.resolver_count(); ++r)
    for (const auto& [lb, part] : client.cached_answer(r)) {
      ++resolvers[lb->index()];
      load[lb->index()] += share * part;
    }
  for (std::size_t l = 0; l < load.size(); ++l)
    if (demand.load.empty() || load[l] != demand.load[l])
      load_stale_[l] = true;
  demand.resolvers = std::move(resolvers);
  demand.load = std::move(load);
  reevaluate(c);
}

void World::reevaluate(std::size_t c) {
  if (queued_[c])
    return;
  queued_[c] = true;
  reevaluate_.push_back(c);
}

double World::load_on(std::size_t l) {
  if (load_stale_[l]) {
    loads_[l] = 0;
    for (const auto& demand : demands_)
      loads_[l] += demand.load[l];
    load_stale_[l] = false;
  }
  return loads_[l];
}

World::Route World::route_of(std::size_t l) {
  const auto& lb = *load_balancers_[l];
  Route route;
  // How much it serves depends on its load only while it serves at all: the load is summed only then.
  route.served = lb.serving() ? lb.served_fraction(load_on(l)) : 0;
  if (route.served <= 0)
    return route;
  const auto& fleet = lb.fleet();
  route.reads = dependencies_readable(fleet, lb.regional_host());
  route.writes = dependencies_writable(fleet, lb.regional_host());
  route.corrupt = dependencies_corrupt(fleet);
  route.silently_corrupt = dependencies_silently_corrupt(fleet);
  if (route.writes)
    for (const auto* db : fleet.dependencies().databases)
      route.streams.push_back(db->stream_for(lb.regional_host()));
  return route;
}

void World::evaluate(std::size_t c) {
  const auto& client = *clients_[c];
  auto& demand = demands_[c];
  const double write_fraction = client.params().write_fraction;
  const double share = client.params().rate_rps / client.resolver_count();
  std::vector<std::vector<double>> writes(databases_.size());
  for (std::size_t d = 0; d < databases_.size(); ++d)
    writes[d].assign(databases_[d]->stream_count(), 0.0);
  double ratio = 0;
  double corrupt_rps = 0;
  for (int r = 0; r < client.resolver_count(); ++r)
    for (const auto& [lb, part] : client.cached_answer(r)) {
      if (!lb->answers_from(client.host()))
        continue;
      const auto& route = routes_[lb->index()];
      const double served = route.served;
      if (served <= 0)
        continue;
      // Requests answered from corrupted data are failures to the client, though the database acknowledges
      // the writes.
      const double succeeded = part * served * ((1 - write_fraction) * route.reads + write_fraction * route.writes);
      if (!route.corrupt)
        ratio += succeeded / client.resolver_count();
      if (route.silently_corrupt)
        corrupt_rps += share * succeeded;
      const auto& databases = lb->fleet().dependencies().databases;
      for (std::size_t k = 0; k < route.streams.size(); ++k)
        if (const auto stream = route.streams[k])
          writes[databases[k]->index()][*stream] += share * part * served * write_fraction;
    }
  if (corrupt_rps != demand.corrupt_rps) {
    demand.corrupt_rps = corrupt_rps;
    corrupt_stale_ = true;
  }
  for (std::size_t d = 0; d < databases_.size(); ++d)
    if (demand.writes.size() != writes.size() || demand.writes[d] != writes[d])
      flows_stale_[d] = true;
  demand.writes = std::move(writes);
  outcomes_[c].record(now(), ratio);
}

} // namespace drsim
