// A database: a writer node and its replicas. Writes are numbered in write streams (WriteLog); a synchronous
// standby holds every acknowledged write while it is connected; asynchronous replicas receive batches shipped
// over the simulated network every ship interval, so their lag is what the link lets through. A failed writer
// with a live synchronous standby fails over automatically after the failover time; any other promotion or a
// restore is a runbook step, and every such cut records exactly the acknowledged writes it leaves behind.
// Multi-writer databases (global tables) run one stream per node, each replicated to the others.
#pragma once

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <simgrid/forward.h>

#include "models/shared/steady_shipping.hpp"
#include "models/shared/write_log.hpp"
#include "sim/core/timeline.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

class World;
class BackupModel;

class DatabaseModel {
public:
  DatabaseModel(World& world, const Database& params, std::size_t index);

  const Database& params() const { return params_; }
  std::size_t index() const { return index_; } //!< its place among the world's databases
  bool writable_from(const simgrid::s4u::Host* from) const;
  bool readable_from(const simgrid::s4u::Host* from) const;
  // The data clients are served includes corrupted writes that have been found: they see the errors. A corruption
  // not found yet is served as if the data were good.
  bool serving_corrupt_data() const { return corrupted_ && !silent_; }
  bool serving_silently_corrupt_data() const { return corrupted_ && silent_; }

  // Traffic: the open stream that takes the writes of a fleet at `from` (none when it cannot reach a writer), and
  // the committed writes per second of each open stream, set at every change of the world.
  std::optional<std::size_t> stream_for(const simgrid::s4u::Host* from) const { return writer_for(from); }
  std::size_t stream_count() const { return streams_.size(); }
  void apply_write_flows(const std::vector<double>& writes_per_s);

  // The writer lineage clients write to now (single writer) and a point in it.
  std::shared_ptr<const WriteLog> current_stream() const;
  double committed_seq() const;
  simgrid::s4u::Host* writer_host() const;
  // The host of a node by name ("primary" or a replica's name); null when there is no such node.
  simgrid::s4u::Host* node_host(const std::string& node) const;

  // Faults. Logical corruption spoils every write from now on; ransomware encrypts the whole database. A `silent`
  // corruption goes unnoticed until detect_corruption.
  void corrupt(bool whole_database = false, bool silent = false);
  // A detector (a validation job, an alarm, a customer's report) finds the silent corruption.
  void detect_corruption();
  // Restores must go back to at most this moment to leave the corruption out.
  std::optional<double> corrupted_at() const { return corrupted_at_; }

  // Runbook actions; each blocks the calling actor for as long as the action takes.
  bool promote(const std::string& replica);
  // A restore goes back to the newest point the region holds that has no write after `not_after` (a drill time;
  // absent: the newest point), and never past a corruption.
  bool restore(BackupModel& backup, const std::string& region, std::optional<double> not_after = std::nullopt);
  // Failback. `resync`: the node (a stale former writer, say) replicates from the writer, from the newest write the
  // two share, over the simulated links while writes go on; returns once it lags the writer by at most `max_lag_s`.
  // `switch_over`: the node becomes the writer after the database's promotion time, and the writer it replaces
  // becomes its replica. With `freeze`, writes wait from the start until the node holds every acknowledged write,
  // so nothing is lost; without, writes go on to the old writer until the cut, and what the node lacks then is lost.
  bool resync(const std::string& node, double max_lag_s);
  bool switch_over(const std::string& node, bool freeze);

  // What CloudWatch's ReplicaLag shows of an asynchronous replica of a single-writer database: the age of the oldest
  // write of the writer's stream it lacks (0 when it holds every one); absent when the node is down, is not such a
  // replica, or the database has several writers. Reads the world without changing it, so looking never moves a
  // figure.
  std::optional<double> replica_lag_s(const std::string& node) const;
  // The names of the database's nodes: "primary", then its replicas'.
  std::vector<std::string> node_names() const;

  // At the end of a drill, cuts for the acknowledged writes still lost then: every write of a database still corrupt
  // since the corruption (every write of an encrypted one), and for a multi-writer database the writes that a writer
  // down at the end never passed on. Promotions and restores recorded theirs when they happened.
  void settle_losses();
  // The updates last-writer-wins dropped when writers that could not reach each other met again: the expectation
  // from what each side wrote while they were apart (expected_conflict_losses), not part of the cuts' lost writes.
  double conflict_lost_writes() const { return conflict_lost_writes_; }
  void start();
  // After `region` came back: its writers ship to their replicas again, from where each replica stopped.
  void restart(const std::string& region);
  // After a host came back: every writer that is up ships to its replicas again (once: a stream and replica that
  // still have a shipping actor keep it).
  void resume_replication() { start_replication(""); }
  // Settles what steady-state replication delivered up to now, then forgets the schedules: called when the world
  // changes, after which each shipping actor, woken by the change, records a schedule that fits the new state.
  void end_steady_shipping();

private:
  enum class Role { Writer, SyncStandby, AsyncReplica, Stale };
  struct Node {
    std::string name;
    std::string region;
    simgrid::s4u::Host* host;
    Role role;
    std::map<const WriteLog*, double> applied; //!< per stream, the newest write it holds
    bool sync_connected = true;
    bool multi_az = false; //!< the primary or a synchronous standby: rebuilt as the standby when it comes back
  };
  // A replica far behind (ShippingState::Draining): the batch leaving at `first` carries the writes after `from`, and
  // each later one `per_batch` more, until the replica holds what was written when its batch left.
  struct Draining {
    double from;
    double first;
    double per_batch;
  };
  struct SteadyReplication {
    std::shared_ptr<const WriteLog> log;
    std::size_t replica;
    bool cross_region;
    ShippingSchedule schedule;
    std::optional<Draining> draining; //!< absent: caught up, each batch brings the replica level
  };
  struct Stream {
    std::shared_ptr<WriteLog> log;
    std::size_t writer; //!< node index
  };

  World& world_;
  const Database& params_;
  std::size_t index_;
  std::vector<Node> nodes_;
  std::vector<Stream> streams_; //!< open streams: one, or one per writer for multi-writer
  std::optional<double> corrupted_at_;
  // Every stream the database has had: kept alive, so that no new stream takes the address by which the nodes'
  // positions still name an old one.
  std::vector<std::shared_ptr<const WriteLog>> history_;
  bool corrupted_ = false;
  bool silent_ = false;
  bool encrypted_ = false;
  bool in_transition_ = false;
  bool flows_applied_ = false;
  double history_s_;
  // A stream's cut-off writes (from, to], recorded as World::cuts()[cut].
  struct Piece {
    std::size_t cut;
    const WriteLog* stream;
    double from;
    double to;
  };
  std::map<const WriteLog*, double> held_; //!< how far the data holds each stream that no longer takes writes
  std::vector<Piece> pieces_;
  std::vector<SteadyReplication> steady_;
  std::set<std::pair<const WriteLog*, std::size_t>> shipping_; //!< (stream, replica) pairs with a shipping actor
  // A partition of a multi-writer database: the writers that are up fall into two or more sides that cannot reach
  // each other, and each side takes writes the others do not see.
  struct Split {
    std::vector<int> side;    //!< per open stream: its side, or -1 while its writer is down
    std::vector<double> from; //!< per open stream: its newest write when the split began
  };
  std::optional<Split> split_;
  double conflict_lost_writes_ = 0;

  std::optional<std::size_t> writer_for(const simgrid::s4u::Host* from) const;
  std::optional<std::size_t> node_index(const std::string& name) const;
  // How far the node is behind the open stream once what has arrived is settled: writes, and the age of the oldest
  // write it lacks (0 when it holds every one).
  std::pair<double, double> lag_of(std::size_t node);
  bool node_alive(const Node& node) const;
  void track_sync_standbys();
  // The data now holds each stream the database has had up to the write `holds` gives (none of a stream it does
  // not name): records a cut (World::cuts) for what that loses, and takes back from earlier cuts what it recovers.
  void hold(const std::map<const WriteLog*, double>& holds);
  // `replicas_follow`: an automatic Multi-AZ failover, after which the asynchronous replicas replicate from the
  // new writer where they stopped; after any other cut they are stale.
  void take_over(std::size_t node, double kept_seq, const std::shared_ptr<const WriteLog>& kept_from, EventKind event,
                 bool replicas_follow = false);
  // Brings what steady-state replication delivered up to now into the replicas' positions.
  void settle_steady_shipping();
  // The replica drains a stream whose writes outgrow its route: it will never catch up while the world stays as it is.
  bool falls_behind(std::size_t replica, const WriteLog& log) const;
  // The newest write a replica holds once the batch of its schedule that left at `departed` has arrived.
  static double delivered(const SteadyReplication& steady, double departed);
  // A multi-AZ node that came back in the writer's region becomes its synchronous standby again.
  void rebuild_standbys();
  void ship(std::size_t stream, std::size_t replica);
  // Ship actors for every stream whose writer is in `region` ("" for every stream).
  void start_replication(const std::string& region);
  void watch_for_failover();
  std::vector<int> writer_sides() const;
  // At every change of the world: a split that changed shape ends, and a new one begins.
  void track_split();
  // The sides of the split meet: their writes from its start to `until` conflict on the keys more than one wrote. A
  // side whose writers all went down is left out; what it never passed on is lost with its writer (settle_losses).
  void end_split(double until);
};

} // namespace drsim
