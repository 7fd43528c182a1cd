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

#include "models/write_log.hpp"
#include "sim/topology.hpp"

namespace drsim {

class World;

struct RestorePoint {
  double time = 0; //!< drill time of the newest write it holds
  double seq = 0;  //!< sequence number of that write
  std::shared_ptr<const WriteLog> stream; //!< the write stream it was taken from
};

class BackupModel {
public:
  BackupModel(World& world, const Backup& params);

  const Backup& params() const { return params_; }
  simgrid::s4u::Host* store_host(const std::string& region) const;
  // The newest point restorable in `region` that holds no write committed after `not_after` (a drill time).
  std::optional<RestorePoint> best_point(const std::string& region, std::optional<double> not_after) const;
  void set_failing(bool failing) { failing_ = failing; }
  void destroy_unvaulted();

  void start();

private:
  struct Held {
    std::vector<RestorePoint> snapshots;
    std::vector<RestorePoint> logs;
  };

  World& world_;
  const Backup& params_;
  std::string source_region_;
  std::map<std::string, Held> held_; //!< per region
  bool failing_ = false;
  double last_copied_seq_ = 0;

  std::optional<RestorePoint> capture() const;
  void take_snapshots();
  void ship_logs();
  void copy(RestorePoint point, const std::string& region, double bytes, bool is_log);
};

} // namespace drsim
