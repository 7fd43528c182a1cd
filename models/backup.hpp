// Backups of a database: scheduled snapshots and point-in-time logs held in a backup store in the source region,
// each copied to other regions over the simulated links (so a copy is usable only once its transfer ends).
// A restore goes back to the newest point the region holds: a log point (on top of an older snapshot) or a
// snapshot, never past the first corrupted write. Snapshots can fail silently; a ransomware attack deletes every
// point that is not in a locked vault.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "models/shared/periodic_shipper.hpp"
#include "models/shared/write_log.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

class World;

struct RestorePoint {
  double time = 0;                        //!< drill time of the newest write it holds
  double seq = 0;                         //!< sequence number of that write
  std::shared_ptr<const WriteLog> stream; //!< the write stream it was taken from
};

class BackupModel {
public:
  BackupModel(World& world, const Backup& params);

  const Backup& params() const { return params_; }
  const std::string& source_region() const { return source_region_; }
  simgrid::s4u::Host* store_host(const std::string& region) const;
  // The newest point restorable in `region` that holds no write committed after `not_after` (a drill time).
  std::optional<RestorePoint> best_point(const std::string& region, std::optional<double> not_after) const;
  void set_failing(bool failing) { failing_ = failing; }
  void destroy_unvaulted();

  void start();
  // After the source region came back: snapshots and logs resume on their schedules, nothing held is reseeded.
  void restart();
  // Settles the logs that steady-state shipping delivered up to now: before a restore reads its point.
  void settle_steady_shipping();
  // Settles, then forgets the schedules (World::changed).
  void end_steady_shipping();

private:
  // The point-in-time logs of one write stream shipped in a steady period (or a single log). A restore replays logs
  // up to any moment before the newest one it holds, so the newest one stands for them all, where a year would
  // otherwise hold a hundred thousand logs one by one.
  struct LogRun {
    std::shared_ptr<const WriteLog> stream;
    double last = 0;
  };
  struct Held {
    std::vector<RestorePoint> snapshots;
    std::vector<LogRun> logs;
  };
  struct SteadyLogs {
    std::shared_ptr<const WriteLog> stream;
    std::string region; //!< where the logs are held: the source region, or a copy's destination
    ShippingSchedule schedule;
  };

  World& world_;
  const Backup& params_;
  const Database* source_database_ = nullptr; //!< null when the source is an object store
  std::string source_region_;
  std::map<std::string, Held> held_; //!< per region
  bool failing_ = false;
  double snapshot_phase_ = 0; //!< snapshots are taken at snapshot_phase_ + k x every
  double log_phase_ = 0;      //!< logs are shipped at log_phase_ + k x log interval
  std::vector<SteadyLogs> steady_;
  // Per copy destination, the real log copies: one at a time, in order (see ship_log).
  struct LogCopies {
    bool under_way = false;
    std::optional<double> waiting_from; //!< the position after which the writes of logs not yet sent begin
  };
  std::map<std::string, LogCopies> log_copies_;
  // Per copy destination, the snapshot copies: one at a time (see take_snapshots).
  struct SnapshotCopies {
    bool under_way = false;
    double copied_seq = 0; //!< the newest write of the last snapshot copied there: where an incremental one starts
  };
  std::map<std::string, SnapshotCopies> snapshot_copies_;

  std::optional<RestorePoint> capture() const;
  // Adds a snapshot to those held in a region, dropping the ones whose retention has expired.
  void keep(std::vector<RestorePoint>& snapshots, RestorePoint snapshot) const;
  void take_snapshots();
  void ship_logs();
  // Takes the log of the writes since the last one and copies it to every region it goes to.
  void ship_log();
  void copy(RestorePoint point, const std::string& region, double bytes, bool is_log);
  // Records the schedules of steady log shipping when every copy keeps up; false when one cannot.
  bool ship_logs_steadily(const RestorePoint& point, const SteadyStart& start);
  void start_actors();
};

} // namespace drsim
