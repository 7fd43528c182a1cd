// The state of one drill shared by its actors: the models of every component, the recorded client outcomes,
// data losses and timeline, and the single "something changed" signal that wakes every actor.
//
// Event-driven by design: an actor sleeps until the next moment it has work (a probe it must make, an instance
// that finishes booting, a cache that expires with a different answer) or until some other actor changes the
// world. Nothing spends an event where nothing changes; a health checker of a healthy endpoint sleeps until the
// world changes and then probes on its own schedule (interval phase), exactly as if it had probed all along.
#pragma once

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <simgrid/s4u/Semaphore.hpp>

#include "models/shared/platform.hpp"
#include "sim/core/distribution.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/timeline.hpp"
#include "sim/measure/drill_result.hpp"
#include "sim/measure/metrics.hpp"

namespace drsim {

class ClientModel;
class ResolverGroup;
class DnsModel;
class LoadBalancerModel;
class FleetModel;
class DatabaseModel;
class BackupModel;
class ObjectStoreModel;
class QueueModel;

class World {
public:
  World(const Topology& topology, const Platform& platform, double horizon_s, std::uint64_t seed);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  // Creates the models' actors; the drill's time 0 is the Engine clock at this call.
  void start();

  double now() const;                 //!< seconds since the drill started
  double to_clock(double time) const; //!< a drill time as an Engine clock value
  double horizon() const { return horizon_s_; }
  Rng& rng() { return rng_; }
  const Topology& topology() const { return topology_; }
  const Platform& platform() const { return platform_; }

  // Restarts what ran in a region that came back: Auto Scaling, load balancer target checks, database and object
  // replication from it, the backups taken there, and the clients located there.
  void restart_region(const std::string& region);
  // Settles what steady-state shipping delivered up to now (models/steady_shipping.hpp), re-evaluates the outcomes
  // of the client populations that the change can reach and the databases' write flows, then wakes every waiting
  // actor.
  void changed();
  // The client population's resolvers now send it elsewhere.
  void changed(const ClientModel& client);
  // Hosts or links went down or came back: every population is evaluated again at the next change (a client's own
  // path to a load balancer).
  void platform_changed() {
    platform_changed_ = true;
    ++platform_changes_;
  }
  // Settles steady-state shipping up to now and forgets its schedules (the shipping actors record new ones when
  // they wake); also at the end of a drill, before anything is counted.
  void end_steady_shipping();
  // Sleeps until `time` (drill time) or until the world changes, whichever comes first.
  void wait_for_change(double time);
  // Returns, at the same instant, once every other actor that had something to do at this instant has done it. Whoever
  // acts after it acts after everything else of the instant, whether it was woken by its own timeout or by another
  // actor's change at that instant: the order of an instant's events then does not depend on how the caller came to be
  // awake.
  void finish_instant();
  void log(EventKind kind, std::string component, std::string detail = "");
  // How often an actor woke from wait_for_change: what the drill cost in context switches, with the sleeps.
  std::uint64_t wake_ups() const { return wake_ups_; }

  DnsModel& dns(const std::string& name);
  LoadBalancerModel& load_balancer(const std::string& name);
  FleetModel& fleet(const std::string& name);
  DatabaseModel& database(const std::string& name);
  BackupModel& backup(const std::string& name);
  ObjectStoreModel* object_store(const std::string& name);
  const ObjectStoreModel* find_object_store(const std::string& name) const;
  QueueModel& queue(const std::string& name);
  std::vector<std::unique_ptr<DatabaseModel>>& databases() { return databases_; }
  std::vector<std::unique_ptr<LoadBalancerModel>>& load_balancers() { return load_balancers_; }
  std::vector<std::unique_ptr<FleetModel>>& fleets() { return fleets_; }
  std::vector<std::unique_ptr<BackupModel>>& backups() { return backups_; }

  // Whether a fleet can do its reads / writes from `from` (its region's host): every dependency reachable, and the
  // copy of each queue in its region up.
  bool dependencies_readable(const FleetModel& fleet, const simgrid::s4u::Host* from) const;
  bool dependencies_writable(const FleetModel& fleet, const simgrid::s4u::Host* from) const;
  // A database the fleet depends on serves corrupt data.
  bool dependencies_corrupt(const FleetModel& fleet) const;
  bool dependencies_silently_corrupt(const FleetModel& fleet) const;

  // What was recorded.
  const std::vector<OutcomeSeries>& outcomes() const { return outcomes_; }
  // Every promotion's or restore's loss at the moment it happened, then what is still lost at the drill's end
  // (DatabaseModel::settle_losses): every acknowledged write the drill lost, once.
  std::vector<DataLoss>& cuts() { return cuts_; }
  const std::vector<TimelineEvent>& timeline() const { return timeline_; }
  // Anything still in progress (booting, failing over, restoring, runbook steps under way, faults to come)?
  bool busy() const;
  void add_pending_work(int delta) { pending_work_ += delta; }

  // What the cost model needs. Transfers before `set_steady_state_end` (the first fault's onset) are the steady
  // state that a month repeats; those after it belong to the incident.
  void set_steady_state_end(double time) { steady_end_ = time; }
  double steady_state_end() const { return steady_end_; }
  // `at`: when the bytes left (a settled steady-state batch left before the change that settles it).
  void count_transfer(double bytes, bool cross_region, double at);
  const TransferTally& steady_transfer() const { return steady_transfer_; }
  const TransferTally& incident_transfer() const { return incident_transfer_; }
  // Adds up, to now, the instances running in each fleet's region beyond its configured desired capacity: the
  // capacity a recovery adds. Called once the actors woken by a change have settled, so that launches made in
  // response to the change are counted from it.
  void meter_capacity();
  // Requests served with corrupt data that nobody had found yet, up to `until`: they succeeded, as far as the clients
  // could tell. The last evaluated rate holds after the last change.
  double corrupt_requests(double until) const {
    return corrupt_requests_ + corrupt_rps_ * std::max(0.0, until - corrupt_since_);
  }
  // Instance-seconds above the desired capacity up to `until`, the last metered count holding after it.
  double extra_instance_seconds(double until) const {
    return extra_instance_s_ + extra_instances_ * std::max(0.0, until - metered_at_);
  }
  // The same from the steady state's end (the first fault's onset) on: what a recovery added, not what ran before.
  double extra_instance_seconds_since_steady_end(double until) const {
    return extra_instance_seconds(until) -
           extra_instance_s_at_steady_end_.value_or(extra_instance_seconds(steady_end_));
  }

private:
  const Topology& topology_;
  const Platform& platform_;
  double horizon_s_;
  double t0_ = 0;
  Rng rng_;
  std::vector<simgrid::s4u::SemaphorePtr> waiting_;          //!< one per waiting actor, released by the next change
  std::vector<simgrid::s4u::SemaphorePtr> spare_semaphores_; //!< taken by a wait before it creates one
  int pending_work_ = 0;
  int timed_waiters_ = 0;
  std::uint64_t generation_ = 0; //!< counts changes, so that no wake-up is lost
  std::uint64_t wake_ups_ = 0;
  double steady_end_ = 0;
  TransferTally steady_transfer_;
  TransferTally incident_transfer_;
  double metered_at_ = 0;
  int extra_instances_ = 0;
  double extra_instance_s_ = 0;
  std::optional<double> extra_instance_s_at_steady_end_; //!< set by the first metering from the steady state's end on
  double corrupt_requests_ = 0;
  double corrupt_rps_ = 0;
  double corrupt_since_ = 0;

  std::vector<std::unique_ptr<ClientModel>> clients_;
  std::vector<std::unique_ptr<ResolverGroup>> resolver_groups_;
  std::vector<std::unique_ptr<DnsModel>> dns_;
  std::vector<std::unique_ptr<LoadBalancerModel>> load_balancers_;
  std::vector<std::unique_ptr<FleetModel>> fleets_;
  std::vector<std::unique_ptr<DatabaseModel>> databases_;
  std::vector<std::unique_ptr<BackupModel>> backups_;
  std::vector<std::unique_ptr<ObjectStoreModel>> object_stores_;
  std::vector<std::unique_ptr<QueueModel>> queues_;

  // What the last evaluation found for a load balancer: what it serves and what its fleet's dependencies allow.
  // A population routed to it is evaluated again only when this changes.
  struct Route {
    double served = 0;
    bool reads = false;
    bool writes = false;
    bool corrupt = false;
    bool silently_corrupt = false;
    std::vector<std::optional<std::size_t>> streams; //!< per database of the fleet: the stream its writes go to
    bool operator==(const Route&) const = default;
  };
  // What a client population asks of the load balancers and databases, from its last evaluation.
  struct Demand {
    std::vector<int> resolvers;              //!< per load balancer: the resolvers sending to it
    std::vector<double> load;                //!< per load balancer: requests per second, added resolver by resolver
    std::vector<std::vector<double>> writes; //!< per database, per stream: committed writes per second
    double corrupt_rps = 0;                  //!< requests served with corruption nobody has found yet
  };
  std::vector<Route> routes_;              //!< per load balancer
  std::vector<double> loads_;              //!< per load balancer: the populations' loads summed
  std::vector<bool> load_stale_;           //!< per load balancer: a population's load on it changed since the sum
  std::vector<Demand> demands_;            //!< per client population
  std::vector<std::size_t> rerouted_;      //!< the populations whose resolvers moved since the last evaluation
  std::vector<std::size_t> reevaluate_;    //!< the populations to evaluate again, each once
  std::vector<bool> queued_;               //!< per client population: listed in reevaluate_
  std::vector<std::vector<double>> flows_; //!< per database, per stream: the populations' writes summed
  std::vector<bool> flows_stale_;          //!< per database: a population's writes to it changed since the sum
  bool corrupt_stale_ = false;             //!< a population's corrupt_rps changed since corrupt_rps_ was summed
  bool platform_changed_ = true;
  std::uint64_t platform_changes_ = 0; //!< hosts and links turned off or on: a sign of life for finish_instant
  std::vector<OutcomeSeries> outcomes_;
  std::vector<DataLoss> cuts_;
  std::vector<TimelineEvent> timeline_;

  simgrid::s4u::SemaphorePtr spare_semaphore();
  void evaluate();
  // Where a population's resolvers send it now (Demand::resolvers and load).
  void reroute(std::size_t population);
  void reevaluate(std::size_t population);
  Route route_of(std::size_t lb);
  double load_on(std::size_t lb);
  void evaluate(std::size_t population);
};

} // namespace drsim
