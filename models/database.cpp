#include "models/database.hpp"

#include <algorithm>

#include <boost/random/uniform_01.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/backup.hpp"
#include "models/shared/actors.hpp"
#include "models/shared/periodic_shipper.hpp"
#include "models/world.hpp"
#include "sim/core/units.hpp"
#include "sim/measure/metrics.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {
namespace {

// Sequence numbers are write rates integrated over time: a difference of less than this is rounding, not a write.
constexpr double write_tolerance = 1e-6;
// A replica whose catch-up would take more batches than this drains in closed form (ShippingState::Draining): a
// year-long backlog, or writes that outgrow the route, would otherwise cost a real batch every ship interval to the
// horizon. Every catch-up of the shipped scenarios takes fewer, so their figures are those of real batches.
constexpr double draining_batches = 1000;

} // namespace

DatabaseModel::DatabaseModel(World& world, const Database& params, std::size_t index)
    : world_(world), params_(params), index_(index) {
  auto node_host = [&](const DatabaseNode& node) {
    return world.platform().component_host(params.name + "." + node.name, node.az);
  };
  const bool has_standby = std::any_of(params.replicas.begin(), params.replicas.end(), [&](const DatabaseNode& node) {
    return !params.multi_writer && node.mode == ReplicationMode::Sync;
  });
  nodes_.push_back({"primary", params.primary.region, node_host(params.primary), Role::Writer, {}, true, has_standby});
  for (const auto& replica : params.replicas) {
    const Role role = params.multi_writer                     ? Role::Writer
                      : replica.mode == ReplicationMode::Sync ? Role::SyncStandby
                                                              : Role::AsyncReplica;
    nodes_.push_back({replica.name, replica.region, node_host(replica), role, {}, true, role == Role::SyncStandby});
  }
  // Write streams start far enough back that every backup's last snapshot and log falls inside them; the extra
  // hour only keeps those points off the stream's first instant.
  history_s_ = 3600;
  for (const auto& backup : world.topology().backups)
    if (backup.source == params.name)
      history_s_ = std::max(history_s_, std::max(backup.every_s, backup.log_interval_s) + 3600);
  for (std::size_t i = 0; i < nodes_.size(); ++i)
    if (nodes_[i].role == Role::Writer) {
      streams_.push_back({std::make_shared<WriteLog>(-history_s_, 0), i});
      history_.push_back(streams_.back().log);
    }
}

bool DatabaseModel::node_alive(const Node& node) const { return node.host->is_on(); }

std::optional<std::size_t> DatabaseModel::writer_for(const sg4::Host* from) const {
  // A multi-writer database takes a write at the nearest reachable writer; latency decides.
  std::optional<std::size_t> best;
  double best_latency = 0;
  for (std::size_t s = 0; s < streams_.size(); ++s) {
    const auto& node = nodes_[streams_[s].writer];
    if (node.role != Role::Writer || !world_.platform().reachable(from, node.host))
      continue;
    const double latency = world_.platform().latency(from, node.host);
    if (!best || latency < best_latency) {
      best = s;
      best_latency = latency;
    }
  }
  return best;
}

bool DatabaseModel::writable_from(const sg4::Host* from) const {
  return !in_transition_ && writer_for(from).has_value();
}

bool DatabaseModel::readable_from(const sg4::Host* from) const {
  return std::any_of(nodes_.begin(), nodes_.end(), [&](const Node& node) {
    return node.role != Role::Stale && world_.platform().reachable(from, node.host);
  });
}

void DatabaseModel::apply_write_flows(const std::vector<double>& writes_per_s) {
  // The first traffic of the drill is the steady state that held before it, back to the start of the history.
  const double at = flows_applied_ ? world_.now() : -history_s_;
  flows_applied_ = true;
  for (std::size_t s = 0; s < streams_.size(); ++s)
    streams_[s].log->set_rate(at, writes_per_s[s]);
  track_sync_standbys();
  track_split();
}

std::vector<int> DatabaseModel::writer_sides() const {
  std::vector<int> side(streams_.size(), -1);
  int sides = 0;
  for (std::size_t s = 0; s < streams_.size(); ++s) {
    const auto* host = nodes_[streams_[s].writer].host;
    if (!host->is_on())
      continue;
    for (std::size_t t = 0; t < s && side[s] < 0; ++t)
      if (side[t] >= 0 && world_.platform().reachable(host, nodes_[streams_[t].writer].host))
        side[s] = side[t];
    if (side[s] < 0)
      side[s] = sides++;
  }
  return side;
}

void DatabaseModel::track_split() {
  if (!params_.multi_writer)
    return;
  const auto side = writer_sides();
  if (split_ && split_->side == side)
    return;
  end_split(world_.now());
  // Sides are numbered from 0 as they are found: there is a split when a side 1 exists.
  if (std::find(side.begin(), side.end(), 1) == side.end())
    return;
  split_ = Split{side, {}};
  for (const auto& stream : streams_)
    split_->from.push_back(stream.log->seq_at(world_.now()));
}

void DatabaseModel::end_split(double until) {
  if (!split_)
    return;
  const auto split = *std::exchange(split_, std::nullopt);
  std::vector<double> writes(static_cast<std::size_t>(*std::max_element(split.side.begin(), split.side.end()) + 1));
  for (std::size_t s = 0; s < streams_.size(); ++s)
    if (split.side[s] >= 0 && node_alive(nodes_[streams_[s].writer]))
      writes[static_cast<std::size_t>(split.side[s])] += streams_[s].log->seq_at(until) - split.from[s];
  const double lost = expected_conflict_losses(writes, params_.keys, params_.key_skew);
  if (lost <= write_tolerance)
    return;
  conflict_lost_writes_ += lost;
  world_.log(EventKind::WritesConflicted, params_.name,
             fmt::format("the sides of the partition wrote {:.0f} writes while apart; last writer wins drops {:.0f} "
                         "of them, on keys more than one side wrote",
                         fmt::join(writes, ", "), lost));
}

void DatabaseModel::track_sync_standbys() {
  if (params_.multi_writer)
    return;
  const auto& stream = streams_.front();
  const auto& writer = nodes_[stream.writer];
  for (auto& node : nodes_) {
    if (node.role != Role::SyncStandby)
      continue;
    // Every write acknowledged while the standby was connected is on it, up to the instant the connection broke.
    const bool connected = node_alive(node) && world_.platform().reachable(writer.host, node.host);
    if (connected || node.sync_connected)
      node.applied[stream.log.get()] = stream.log->seq_at(world_.now());
    node.sync_connected = connected;
  }
}

std::shared_ptr<const WriteLog> DatabaseModel::current_stream() const { return streams_.front().log; }

double DatabaseModel::committed_seq() const { return streams_.front().log->seq_at(world_.now()); }

sg4::Host* DatabaseModel::writer_host() const { return nodes_[streams_.front().writer].host; }

sg4::Host* DatabaseModel::node_host(const std::string& node) const {
  for (const auto& candidate : nodes_)
    if (candidate.name == node)
      return candidate.host;
  return nullptr;
}

void DatabaseModel::corrupt(bool whole_database, bool silent) {
  // A corruption already found does not go unnoticed again.
  silent_ = (!corrupted_ || silent_) && silent;
  corrupted_ = true;
  encrypted_ = encrypted_ || whole_database;
  // A later corruption does not make the writes between the two clean.
  if (!corrupted_at_)
    corrupted_at_ = world_.now();
}

void DatabaseModel::detect_corruption() {
  if (!serving_silently_corrupt_data())
    return;
  silent_ = false;
  world_.log(EventKind::CorruptionDetected, params_.name,
             "corrupt since " + format_duration(world_.now() - *corrupted_at_) + ": clients now see the errors");
}

void DatabaseModel::hold(const std::map<const WriteLog*, double>& holds) {
  const double now = world_.now();
  for (const auto& stream : history_) {
    const auto found = held_.find(stream.get());
    const double before = found != held_.end() ? found->second : stream->seq_at(now);
    const auto given = holds.find(stream.get());
    const double after = given != holds.end() ? given->second : stream->start_seq();
    if (before - after > write_tolerance) {
      pieces_.push_back({world_.cuts().size(), stream.get(), after, before});
      world_.cuts().push_back({now, params_.name, stream->commits(after, before)});
    }
    // A restore may bring back writes an earlier cut lost (a daily incremental on top of a weekly full): they are
    // not lost any more. The stream's pieces cover what it lost from its held write on, so they lose their lowest
    // writes first.
    if (after - before > write_tolerance)
      for (auto& piece : pieces_)
        if (piece.stream == stream.get() && piece.from < after) {
          piece.from = std::min(after, piece.to);
          auto& cut = world_.cuts()[piece.cut].committed;
          cut.clear();
          if (piece.from < piece.to)
            cut = stream->commits(piece.from, piece.to);
        }
    held_[stream.get()] = after;
  }
}

void DatabaseModel::take_over(std::size_t node, double kept_seq, const std::shared_ptr<const WriteLog>& kept_from,
                              EventKind event, bool replicas_follow) {
  // From now on the data holds kept_from's lineage up to kept_seq and, of the other writers' streams of a
  // multi-writer database, what the new writer holds of them; every open stream ends.
  std::map<const WriteLog*, double> holds;
  double upto = kept_seq;
  for (const WriteLog* stream = kept_from.get(); stream; stream = stream->parent().get()) {
    holds[stream] = upto;
    upto = stream->start_seq();
  }
  for (std::size_t s = 1; s < streams_.size(); ++s)
    holds[streams_[s].log.get()] = nodes_[node].applied[streams_[s].log.get()];
  const auto old = streams_.front().log;
  // A writer holds every write it committed, so that a failback can resynchronise it from what it shares with the
  // new lineage rather than from scratch.
  for (auto& stream : streams_) {
    stream.log->set_rate(world_.now(), 0);
    nodes_[stream.writer].applied[stream.log.get()] = stream.log->seq_at(world_.now());
  }
  // The new writer's data is one lineage: what it lacks of the other writers' streams, the cut counts as lost.
  split_.reset();
  hold(holds);
  auto log = std::make_shared<WriteLog>(world_.now(), kept_seq, kept_from);
  for (std::size_t n = 0; n < nodes_.size(); ++n) {
    auto& other = nodes_[n];
    const bool follows = other.role == Role::AsyncReplica ||
                         (other.role == Role::SyncStandby && node_alive(other) && other.region == nodes_[node].region);
    if (replicas_follow && n != node && follows) {
      // Sequence numbers continue across the cut, so a replica's position carries over to the new stream, up to
      // what the new writer kept.
      other.applied[log.get()] = std::min(other.applied[old.get()], kept_seq);
      continue;
    }
    other.role = Role::Stale;
  }
  nodes_[node].role = Role::Writer;
  streams_ = {{log, node}};
  history_.push_back(log);
  world_.log(event, params_.name,
             nodes_[node].name + " in " + nodes_[node].region + " is the writer, holding every write up to " +
                 format_duration(std::max(0.0, world_.now() - kept_from->commit_time(kept_seq))) + " before now");
  if (replicas_follow)
    start_replication(nodes_[node].region);
}

bool DatabaseModel::promote(const std::string& replica) {
  // An index, not an iterator: a restore running meanwhile may add a node.
  const auto found_at =
      std::find_if(nodes_.begin(), nodes_.end(), [&](const Node& node) { return node.name == replica; }) -
      nodes_.begin();
  in_transition_ = true;
  world_.add_pending_work(1);
  world_.log(EventKind::PromotionStarted, params_.name, replica);
  world_.changed();
  sg4::this_actor::sleep_for(params_.promotion_time.sample(world_.rng()));
  in_transition_ = false;
  world_.add_pending_work(-1);
  const auto index = static_cast<std::size_t>(found_at);
  if (index >= nodes_.size() || !node_alive(nodes_[index]) || nodes_[index].role == Role::Stale) {
    world_.log(EventKind::PromotionFailed, params_.name, replica + " is not available");
    world_.changed();
    return false;
  }
  settle_steady_shipping();
  const auto stream = streams_.front().log;
  take_over(index, nodes_[index].applied[stream.get()], stream, EventKind::PromotionDone);
  world_.changed();
  return true;
}

bool DatabaseModel::restore(BackupModel& backup, const std::string& region, std::optional<double> not_after) {
  // The logs shipped up to now are restorable, whether or not the world changed since they left.
  backup.settle_steady_shipping();
  if (corrupted_at_)
    not_after = not_after ? std::min(*not_after, *corrupted_at_) : *corrupted_at_;
  const auto point = backup.best_point(region, not_after);
  if (!point) {
    world_.log(EventKind::RestoreFailed, params_.name, "no usable backup of " + backup.params().name + " in " + region);
    return false;
  }
  world_.log(EventKind::RestoreStarted, params_.name,
             "from " + backup.params().name + " in " + region + ", holding writes up to " +
                 format_duration(std::max(0.0, world_.now() - point->time)) + " before now");
  const auto& azs = world_.topology().find_region(region)->azs;
  auto* target = world_.platform().component_host(params_.name + ".restored", azs.front());
  if (!Platform::transfer(backup.store_host(region), target, params_.size_B)) {
    world_.log(EventKind::RestoreFailed, params_.name, "the transfer from the backup store broke off");
    return false;
  }
  nodes_.push_back({"restored", region, target, Role::Stale, {}, false});
  // A multi-writer database's backup holds the other writers' writes committed by its point (their replication lag
  // to the backed-up node, about a ship interval, is not modelled).
  for (std::size_t s = 1; s < streams_.size(); ++s)
    nodes_.back().applied[streams_[s].log.get()] = streams_[s].log->seq_at(point->time);
  corrupted_ = false;
  silent_ = false;
  encrypted_ = false;
  corrupted_at_.reset();
  take_over(nodes_.size() - 1, point->seq, point->stream, EventKind::RestoreDone);
  world_.changed();
  return true;
}

std::optional<std::size_t> DatabaseModel::node_index(const std::string& name) const {
  for (std::size_t n = 0; n < nodes_.size(); ++n)
    if (nodes_[n].name == name)
      return n;
  return std::nullopt;
}

std::pair<double, double> DatabaseModel::lag_of(std::size_t node) {
  settle_steady_shipping();
  const auto& log = streams_.front().log;
  const double held = nodes_[node].applied[log.get()];
  const double behind = log->seq_at(world_.now()) - held;
  if (behind <= write_tolerance)
    return {0, 0};
  // The oldest write it lacks is the one after its position.
  return {behind, world_.now() - log->commit_time(std::min(held + 1, log->seq_at(world_.now())))};
}

std::optional<double> DatabaseModel::replica_lag_s(const std::string& node) const {
  const auto index = node_index(node);
  if (params_.multi_writer || !index || nodes_[*index].role != Role::AsyncReplica || !node_alive(nodes_[*index]))
    return std::nullopt;
  const auto& log = streams_.front().log;
  const auto applied = nodes_[*index].applied.find(log.get());
  double held = applied == nodes_[*index].applied.end() ? 0 : applied->second;
  // What steady-state shipping delivered is settled into `applied` only when someone acts on it.
  for (const auto& steady : steady_)
    if (steady.replica == *index && steady.log == log)
      if (const auto departed = steady.schedule.last_arrived(world_.now()))
        held = std::max(held, delivered(steady, *departed));
  const double newest = log->seq_at(world_.now());
  if (newest - held <= write_tolerance)
    return 0.0;
  return world_.now() - log->commit_time(std::min(held + 1, newest));
}

std::vector<std::string> DatabaseModel::node_names() const {
  std::vector<std::string> names;
  for (const auto& node : nodes_)
    names.push_back(node.name);
  return names;
}

bool DatabaseModel::resync(const std::string& node, double max_lag_s) {
  const auto index = node_index(node);
  if (params_.multi_writer || !index || *index == streams_.front().writer || !node_alive(nodes_[*index])) {
    world_.log(EventKind::ResyncFailed, params_.name, node + " cannot be resynchronised: it is down or the writer");
    return false;
  }
  settle_steady_shipping();
  const auto log = streams_.front().log;
  // The newest write the node shares with the writer's lineage: what it took beyond that (writes a promotion cut
  // off) is replaced, as a replica rebuilt from the new writer would be.
  double shared = log->start_seq();
  double upto = std::numeric_limits<double>::infinity();
  for (const WriteLog* stream = log.get(); stream; stream = stream->parent().get()) {
    if (const auto found = nodes_[*index].applied.find(stream); found != nodes_[*index].applied.end()) {
      shared = std::min(found->second, upto);
      break;
    }
    upto = stream->start_seq();
    shared = upto;
  }
  auto& replica = nodes_[*index];
  replica.role = Role::AsyncReplica;
  replica.applied[log.get()] = std::min(shared, log->seq_at(world_.now()));
  const double backlog = log->seq_at(world_.now()) - replica.applied[log.get()];
  world_.log(EventKind::ResyncStarted, params_.name,
             fmt::format("{} in {} replicates from {}: a backlog of {:.0f} writes ({:.3g} MB)", node, replica.region,
                         nodes_[streams_.front().writer].name, backlog, backlog * params_.write_size_B / 1e6));
  start_replication("");
  world_.changed();
  // The batches land without changing the world, so the step looks again every ship interval, as the replica's
  // lag metric would be read.
  while (true) {
    if (!node_alive(nodes_[*index]) || nodes_[*index].role != Role::AsyncReplica || streams_.front().log != log) {
      world_.log(EventKind::ResyncFailed, params_.name, node + " stopped replicating before it caught up");
      return false;
    }
    if (lag_of(*index).second <= max_lag_s)
      break;
    // Writes that outgrow the route leave the node ever further behind: only a change of the world can help it.
    if (falls_behind(*index, *log))
      world_.wait_for_change(world_.horizon());
    else
      sg4::this_actor::sleep_for(params_.ship_interval_s);
  }
  world_.log(EventKind::ResyncDone, params_.name,
             node + " holds every write committed up to " + format_duration(lag_of(*index).second) + " ago");
  return true;
}

bool DatabaseModel::switch_over(const std::string& node, bool freeze) {
  const auto index = node_index(node);
  const auto log = streams_.front().log;
  const auto old_writer = streams_.front().writer;
  if (params_.multi_writer || !index || nodes_[*index].role != Role::AsyncReplica || !node_alive(nodes_[*index])) {
    world_.log(EventKind::SwitchOverFailed, params_.name, node + " is not a live replica to switch over to");
    return false;
  }
  world_.add_pending_work(1);
  double kept = 0;
  if (freeze) {
    in_transition_ = true;
    world_.log(EventKind::WritesFrozen, params_.name, "writes wait until " + node + " holds every acknowledged write");
    world_.changed();
    // The final sync: with no new write, the batches under way and a last one bring the node level.
    while (lag_of(*index).first > 0) {
      // A node the writes cannot reach would never catch up, and promoting it would lose what it lacks: the
      // writer stays, and the writes go on to it.
      if (!node_alive(nodes_[*index]) || !world_.platform().reachable(nodes_[old_writer].host, nodes_[*index].host)) {
        in_transition_ = false;
        world_.add_pending_work(-1);
        world_.log(EventKind::SwitchOverFailed, params_.name,
                   node + " cannot receive the writes it lacks; " + nodes_[old_writer].name + " stays the writer");
        world_.changed();
        return false;
      }
      sg4::this_actor::sleep_for(params_.ship_interval_s);
    }
  } else {
    // Promoting a replica stops its replication: it keeps what it holds now.
    lag_of(*index);
    kept = nodes_[*index].applied[log.get()];
    nodes_[*index].role = Role::Stale;
  }
  world_.log(EventKind::PromotionStarted, params_.name, node + " (switch-over)");
  sg4::this_actor::sleep_for(params_.promotion_time.sample(world_.rng()));
  in_transition_ = false;
  world_.add_pending_work(-1);
  if (!node_alive(nodes_[*index]) || streams_.front().log != log) {
    world_.log(EventKind::SwitchOverFailed, params_.name, node + " is not available");
    world_.changed();
    return false;
  }
  if (freeze)
    kept = nodes_[*index].applied[log.get()];
  settle_steady_shipping();
  take_over(*index, kept, log, EventKind::SwitchedOver);
  // The writer it replaces is the standby region's replica again, rebuilt from the new writer.
  if (node_alive(nodes_[old_writer])) {
    nodes_[old_writer].role = Role::AsyncReplica;
    nodes_[old_writer].applied[streams_.front().log.get()] = kept;
    start_replication("");
  }
  world_.changed();
  return true;
}

void DatabaseModel::ship(std::size_t stream_index, std::size_t replica) {
  const auto log = streams_[stream_index].log;
  auto* writer = nodes_[streams_[stream_index].writer].host;
  auto* destination = nodes_[replica].host;
  const bool cross_region = nodes_[replica].region != nodes_[streams_[stream_index].writer].region;
  const double interval = params_.ship_interval_s;
  BatchStream batches(world_, writer, destination, params_.write_size_B, interval);
  const PeriodicShipper shipper{
      .phase = boost::random::uniform_01<double>()(world_.rng()) * interval,
      .interval = interval,
      .look =
          [&](const SteadyStart& start) {
            // Nothing can be shipped to a replica out of reach: wait for the world to change rather than every
            // interval.
            if (!world_.platform().reachable(writer, destination))
              return ShippingState::Blocked;
            // Caught up (at most the batches under way missing) and each batch arriving before the next leaves:
            // the steady state, whose deliveries the model settles in closed form when the world changes.
            const double batch = log->rate() * interval;
            const double delay = world_.platform().transfer_time(writer, destination, batch * params_.write_size_B);
            const double backlog = log->seq_at(world_.now()) - nodes_[replica].applied[log.get()];
            if (backlog <= 2 * batch + write_tolerance && delay < interval) {
              steady_.push_back({log, replica, cross_region, start.schedule(delay), std::nullopt});
              return ShippingState::Steady;
            }
            // Each full batch shrinks the backlog by what it carries beyond the writes of its interval.
            const double per_batch = batches.units_per_batch();
            const double gain = per_batch - batch;
            if (gain > 0 && backlog <= draining_batches * gain)
              return ShippingState::Behind;
            const auto schedule =
                start.schedule(world_.platform().transfer_time(writer, destination, per_batch * params_.write_size_B));
            steady_.push_back({log, replica, cross_region, schedule,
                               Draining{batches.next_from(nodes_[replica].applied[log.get()]),
                                        schedule.first_departure(), per_batch}});
            return ShippingState::Draining;
          },
      .ship =
          [&] {
            batches.send(nodes_[replica].applied[log.get()], log->seq_at(world_.now()),
                         [this, replica, log, cross_region](double up_to, double bytes) {
                           world_.count_transfer(bytes, cross_region, world_.now());
                           auto& held = nodes_[replica].applied[log.get()];
                           held = std::max(held, up_to);
                         });
          },
      .over =
          [&] {
            return stream_index >= streams_.size() || streams_[stream_index].log != log ||
                   nodes_[replica].role == Role::Stale;
          }};
  shipper.run(world_);
}

void DatabaseModel::settle_steady_shipping() {
  for (auto& steady : steady_) {
    const auto departed = steady.schedule.last_arrived(world_.now());
    if (!departed)
      continue;
    auto& held = nodes_[steady.replica].applied[steady.log.get()];
    const double cut = delivered(steady, *departed);
    if (cut > held) {
      world_.count_transfer((cut - held) * params_.write_size_B, steady.cross_region, *departed);
      held = cut;
    }
    steady.schedule.after = *departed;
  }
}

bool DatabaseModel::falls_behind(std::size_t replica, const WriteLog& log) const {
  return std::any_of(steady_.begin(), steady_.end(), [&](const SteadyReplication& steady) {
    return steady.replica == replica && steady.log.get() == &log && steady.draining &&
           steady.draining->per_batch <= log.rate() * steady.schedule.interval;
  });
}

double DatabaseModel::delivered(const SteadyReplication& steady, double departed) {
  const double newest = steady.log->seq_at(departed);
  if (!steady.draining)
    return newest;
  const auto& draining = *steady.draining;
  const double batches = std::round((departed - draining.first) / steady.schedule.interval) + 1;
  return std::min(newest, draining.from + batches * draining.per_batch);
}

void DatabaseModel::end_steady_shipping() {
  settle_steady_shipping();
  steady_.clear();
}

void DatabaseModel::rebuild_standbys() {
  const auto& writer = nodes_[streams_.front().writer];
  const auto& stream = streams_.front().log;
  bool rebuilt = false;
  for (auto& node : nodes_)
    if (node.multi_az && node.role == Role::Stale && node.region == writer.region && node_alive(node) &&
        node_alive(writer)) {
      // RDS rebuilds the standby from the writer before it counts as one; the copy's time is not modelled.
      node.role = Role::SyncStandby;
      node.applied[stream.get()] = stream->seq_at(world_.now());
      node.sync_connected = true;
      world_.log(EventKind::StandbyRebuilt, params_.name, node.name + " in " + node.region);
      rebuilt = true;
    }
  if (rebuilt)
    world_.changed();
}

void DatabaseModel::watch_for_failover() {
  while (true) {
    world_.wait_for_change(world_.horizon());
    rebuild_standbys();
    auto& writer = nodes_[streams_.front().writer];
    if (node_alive(writer) || in_transition_)
      continue;
    const auto standby = std::find_if(nodes_.begin(), nodes_.end(), [&](const Node& node) {
      return node.role == Role::SyncStandby && node_alive(node);
    });
    if (standby == nodes_.end())
      continue;
    // An index, not the iterator: a restore may add a node while the failover runs.
    const auto index = static_cast<std::size_t>(standby - nodes_.begin());
    in_transition_ = true;
    world_.add_pending_work(1);
    world_.log(EventKind::FailoverStarted, params_.name, "to " + nodes_[index].name);
    world_.changed();
    sg4::this_actor::sleep_for(params_.failover_time.sample(world_.rng()));
    in_transition_ = false;
    world_.add_pending_work(-1);
    if (node_alive(nodes_[index])) {
      settle_steady_shipping();
      const auto stream = streams_.front().log;
      take_over(index, nodes_[index].applied[stream.get()], stream, EventKind::FailoverDone, true);
    }
    world_.changed();
  }
}

void DatabaseModel::settle_losses() {
  settle_steady_shipping();
  // A partition still in place at the end holds to the horizon, as the last recorded state does: the writes its sides
  // take until then conflict whenever it heals.
  end_split(world_.horizon());
  std::map<const WriteLog*, double> holds = held_;
  for (const auto& stream : streams_)
    holds[stream.log.get()] = stream.log->seq_at(world_.now());
  // A multi-writer's writer that is down at the end takes with it the writes no live node received.
  for (const auto& stream : streams_)
    if (params_.multi_writer && !node_alive(nodes_[stream.writer])) {
      double kept = stream.log->start_seq();
      for (std::size_t n = 0; n < nodes_.size(); ++n)
        if (n != stream.writer && node_alive(nodes_[n]) && nodes_[n].applied.contains(stream.log.get()))
          kept = std::max(kept, nodes_[n].applied.at(stream.log.get()));
      holds[stream.log.get()] = kept;
    }
  // Data still corrupt at the end does not survive: nothing of an encrypted database, nothing written since the
  // corruption otherwise.
  if (corrupted_)
    for (auto& [stream, held] : holds)
      held = std::min(held, encrypted_ ? stream->start_seq() : stream->seq_at(*corrupted_at_));
  hold(holds);
}

void DatabaseModel::start_replication(const std::string& region) {
  for (std::size_t s = 0; s < streams_.size(); ++s) {
    const auto& writer = nodes_[streams_[s].writer];
    if (!node_alive(writer) || (!region.empty() && writer.region != region))
      continue;
    for (std::size_t r = 0; r < nodes_.size(); ++r) {
      const bool replicated = params_.multi_writer ? r != streams_[s].writer && nodes_[r].role == Role::Writer
                                                   : nodes_[r].role == Role::AsyncReplica;
      const auto shipping = std::make_pair(static_cast<const WriteLog*>(streams_[s].log.get()), r);
      if (replicated && shipping_.insert(shipping).second)
        start_actor(
            "replication:" + params_.name + ":" + nodes_[r].name, writer.host, [this, s, r] { ship(s, r); },
            [this, shipping](bool) { shipping_.erase(shipping); });
    }
  }
}

void DatabaseModel::restart(const std::string& region) { start_replication(region); }

void DatabaseModel::start() {
  for (const auto& stream : streams_)
    for (auto& node : nodes_)
      node.applied[stream.log.get()] = stream.log->seq_at(world_.now());
  start_replication("");
  if (std::any_of(nodes_.begin(), nodes_.end(), [](const Node& node) { return node.role == Role::SyncStandby; }))
    sg4::Actor::create("failover:" + params_.name, world_.platform().global_host(), [this] { watch_for_failover(); });
}

} // namespace drsim
