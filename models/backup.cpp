#include "models/backup.hpp"

#include <algorithm>
#include <utility>

#include <boost/random/uniform_01.hpp>
#include <simgrid/Exception.hpp>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Comm.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/database.hpp"
#include "models/shared/actors.hpp"
#include "models/shared/health_check.hpp"
#include "models/world.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {

BackupModel::BackupModel(World& world, const Backup& params)
    : world_(world), params_(params), source_database_(world.topology().find_database(params.source)) {
  if (source_database_)
    source_region_ = source_database_->primary.region;
  else if (const auto* store = world.topology().find_object_store(params.source))
    source_region_ = store->region;
}

sg4::Host* BackupModel::store_host(const std::string& region) const {
  return world_.platform().backup_store_host(params_.name, region);
}

std::optional<RestorePoint> BackupModel::capture() const {
  if (!world_.topology().find_database(params_.source))
    return std::nullopt;
  auto& db = world_.database(params_.source);
  if (!db.writer_host()->is_on())
    return std::nullopt;
  return RestorePoint{world_.now(), db.committed_seq(), db.current_stream()};
}

std::optional<RestorePoint> BackupModel::best_point(const std::string& region, std::optional<double> not_after) const {
  const auto found = held_.find(region);
  if (found == held_.end() || !store_host(region)->is_on())
    return std::nullopt;
  const double oldest = world_.now() - params_.retention_s;
  const double limit = not_after.value_or(std::numeric_limits<double>::infinity());
  std::optional<RestorePoint> best;
  for (const auto& snapshot : found->second.snapshots)
    if (snapshot.time >= oldest && snapshot.time <= limit && (!best || snapshot.time > best->time))
      best = snapshot;
  if (!best)
    return std::nullopt;
  // Logs replay on top of the snapshot up to any moment they cover, so a point in time just before the corruption
  // is reachable once a log past it has been shipped. A failover since the snapshot started a new stream; its logs
  // replay too when it kept every write of the snapshot.
  for (const auto& run : found->second.logs) {
    if (run.last <= best->time || !continues(*run.stream, *best->stream, best->seq))
      continue;
    const double time = std::min(run.last, limit);
    best = RestorePoint{time, run.stream->seq_at(time), run.stream};
  }
  return best;
}

void BackupModel::keep(std::vector<RestorePoint>& snapshots, RestorePoint snapshot) const {
  // What retention has expired no restore can reach (best_point): dropping it keeps a long run of frequent snapshots
  // from holding every one of them.
  const double oldest = world_.now() - params_.retention_s;
  std::erase_if(snapshots, [&](const RestorePoint& held) { return held.time < oldest; });
  snapshots.push_back(std::move(snapshot));
}

void BackupModel::destroy_unvaulted() {
  if (params_.vaulted)
    return;
  // The logs shipped up to the attack are deleted with the rest, not settled into the store after it.
  end_steady_shipping();
  held_.clear();
  world_.log(EventKind::BackupsDeleted, params_.name, "every snapshot and log outside a vault");
}

void BackupModel::copy(RestorePoint point, const std::string& region, double bytes, bool is_log) {
  if (!Platform::transfer(store_host(source_region_), store_host(region), bytes)) {
    world_.log(EventKind::BackupCopyFailed, params_.name, "to " + region);
    return;
  }
  // Snapshot copies are charged from their schedule (sim/cost.cpp): a daily copy falls into the minutes of steady
  // state before a fault by chance only, which would make a month's bill a lottery.
  if (is_log)
    world_.count_transfer(bytes, true, world_.now());
  auto& held = held_[region];
  if (is_log) {
    held.logs.push_back({point.stream, point.time});
    return;
  }
  keep(held.snapshots, std::move(point));
  world_.log(EventKind::SnapshotCopied, params_.name, "to " + region);
}

void BackupModel::take_snapshots() {
  const double write_size = source_database_->write_size_B;
  const double size = source_database_->size_B;
  double last = world_.now();
  while (true) {
    last = next_probe_time(snapshot_phase_, params_.every_s, world_.now(), last);
    sg4::this_actor::sleep_until(world_.to_clock(last));
    if (failing_) {
      world_.log(EventKind::SnapshotFailed, params_.name, "silently: no alarm is raised");
      continue;
    }
    const auto point = capture();
    if (!point)
      continue;
    keep(held_[source_region_].snapshots, *point);
    world_.log(EventKind::Snapshot, params_.name, "taken in " + source_region_);
    for (const auto& region : params_.copy_to) {
      // A copy to a region waits for the one before it (AWS Backup runs one copy job of a recovery point at a time);
      // a snapshot due meanwhile is not copied there, and the next incremental one carries its changes too. Copies
      // slower than the schedule then fall behind, rather than piling up on the route.
      auto& copies = snapshot_copies_[region];
      if (copies.under_way)
        continue;
      const double bytes =
          params_.kind == BackupKind::Incremental ? (point->seq - copies.copied_seq) * write_size : size;
      copies.copied_seq = point->seq;
      copies.under_way = true;
      start_actor(
          "backup-copy:" + params_.name, store_host(source_region_),
          [this, point = *point, region, bytes] { copy(point, region, bytes, false); },
          [this, region](bool) { snapshot_copies_[region].under_way = false; });
    }
  }
}

bool BackupModel::ship_logs_steadily(const RestorePoint& point, const SteadyStart& start) {
  const double interval = params_.log_interval_s;
  std::vector<SteadyLogs> schedules{{point.stream, source_region_, start.schedule(0)}};
  for (const auto& region : params_.copy_to) {
    if (!world_.platform().reachable(store_host(source_region_), store_host(region)))
      continue;
    const double delay =
        world_.platform().transfer_time(store_host(source_region_), store_host(region),
                                        point.stream->rate() * interval * source_database_->write_size_B);
    if (delay >= interval)
      return false;
    schedules.push_back({point.stream, region, start.schedule(delay)});
  }
  steady_.insert(steady_.end(), schedules.begin(), schedules.end());
  return true;
}

void BackupModel::ship_log() {
  const auto point = capture();
  if (!point)
    return;
  auto& logs = held_[source_region_].logs;
  const std::optional<double> previous =
      logs.empty() ? std::nullopt : std::optional(logs.back().stream->seq_at(logs.back().last));
  logs.push_back({point->stream, point->time});
  for (const auto& region : params_.copy_to) {
    // Logs reach a region in order, one copy at a time: a log due while the one before it is still on its way is not
    // sent, and the next one carries its writes too. A route slower than the writes then falls behind, rather than
    // carrying ever more copies at once (each of which would slow every other and cost the Engine a share of it).
    auto& copies = log_copies_[region];
    if (copies.under_way) {
      if (!copies.waiting_from)
        copies.waiting_from = previous;
      continue;
    }
    const auto from = copies.waiting_from ? copies.waiting_from : previous;
    copies.waiting_from.reset();
    const double bytes = from ? (point->seq - *from) * source_database_->write_size_B : 0;
    copies.under_way = true;
    start_actor(
        "log-copy:" + params_.name, store_host(source_region_),
        [this, point = *point, region, bytes] { copy(point, region, bytes, true); },
        [this, region](bool) { log_copies_[region].under_way = false; });
  }
}

void BackupModel::ship_logs() {
  const PeriodicShipper shipper{
      .phase = log_phase_,
      .interval = params_.log_interval_s,
      // A writer that is down writes no log; one that is up ships them steadily until the world changes.
      .look =
          [this](const SteadyStart& start) {
            const auto point = capture();
            if (!point)
              return ShippingState::Blocked;
            return ship_logs_steadily(*point, start) ? ShippingState::Steady : ShippingState::Behind;
          },
      .ship = [this] { ship_log(); }};
  shipper.run(world_);
}

void BackupModel::settle_steady_shipping() {
  for (auto& steady : steady_) {
    const auto departed = steady.schedule.last_arrived(world_.now());
    if (!departed)
      continue;
    held_[steady.region].logs.push_back({steady.stream, *departed});
    if (steady.region != source_region_) {
      // Each log carries the writes since the one before it.
      const double from = steady.schedule.first_departure() - params_.log_interval_s;
      world_.count_transfer((steady.stream->seq_at(*departed) - steady.stream->seq_at(from)) *
                                source_database_->write_size_B,
                            true, *departed);
    }
    steady.schedule.after = *departed;
  }
}

void BackupModel::end_steady_shipping() {
  settle_steady_shipping();
  steady_.clear();
}

void BackupModel::start_actors() {
  auto* host = store_host(source_region_);
  sg4::Actor::create("snapshots:" + params_.name, host, [this] { take_snapshots(); });
  if (params_.log_interval_s > 0)
    sg4::Actor::create("logs:" + params_.name, host, [this] { ship_logs(); });
}

void BackupModel::restart() {
  if (world_.topology().find_database(params_.source))
    start_actors();
}

void BackupModel::start() {
  if (!world_.topology().find_database(params_.source))
    return;
  // The drill starts in steady state: the last snapshot and log were taken a random part of their interval ago
  // and their copies have arrived; everything from then on is simulated.
  auto& db = world_.database(params_.source);
  boost::random::uniform_01<double> uniform;
  auto point_at = [&](double time) {
    return RestorePoint{time, db.current_stream()->seq_at(time), db.current_stream()};
  };
  const auto snapshot = point_at(-uniform(world_.rng()) * params_.every_s);
  for (const auto& region : params_.copy_to)
    snapshot_copies_[region] = {false, snapshot.seq};
  std::vector<std::string> regions = params_.copy_to;
  regions.push_back(source_region_);
  for (const auto& region : regions)
    held_[region].snapshots.push_back(snapshot);
  snapshot_phase_ = snapshot.time + params_.every_s;
  if (params_.log_interval_s > 0) {
    const auto log = point_at(-uniform(world_.rng()) * params_.log_interval_s);
    for (const auto& region : regions)
      held_[region].logs.push_back({log.stream, log.time});
    log_phase_ = log.time + params_.log_interval_s;
  }
  start_actors();
}

} // namespace drsim
