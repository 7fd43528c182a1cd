// Running drills: one Engine and one platform per process serve every drill of a scenario, one after another.
// Each drill starts from a whole platform at clock 0 and ends with every actor killed, so a drill's result
// depends only on its strategy and seed, never on which drills ran before it in the same process.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/availability.hpp"
#include "sim/metrics.hpp"
#include "sim/scenario.hpp"
#include "sim/world.hpp"

namespace simgrid::s4u {
class Engine;
}

namespace drsim {

class Platform;

struct DrillResult {
  std::string strategy;
  std::uint64_t seed = 0;
  double fault_onset = 0;
  double end = 0;             //!< drill time at which nothing could change any more (or the horizon)
  Measurement measurement;
  double lost_objects = 0;
  std::vector<TimelineEvent> timeline;
  std::vector<OutcomeSeries> outcomes;
  std::vector<Outage> outages;     //!< every outage of the horizon (long-run scenarios)
  std::uint64_t engine_steps = 0;  //!< instants the Engine's clock advanced to: what the drill cost in events
  // Measured for the cost model (sim/cost.hpp).
  double steady_window_s = 0;      //!< from the drill's start to the first fault: the steady state
  TransferTally steady_transfer;   //!< shipped by replication and backup copies in that window
  TransferTally incident_transfer; //!< shipped from the first fault on
  double extra_instance_s = 0;     //!< instance-seconds beyond each fleet's desired capacity, per region
  double restored_database_s = 0;  //!< seconds the databases that restores created ran, to the drill's end
};

class DrillRunner {
public:
  explicit DrillRunner(const Scenario& scenario);
  ~DrillRunner();
  DrillRunner(const DrillRunner&) = delete;
  DrillRunner& operator=(const DrillRunner&) = delete;

  DrillResult run(const Strategy& strategy, std::uint64_t seed);

private:
  const Scenario& scenario_;
  std::unique_ptr<simgrid::s4u::Engine> engine_;
  std::unique_ptr<Platform> platform_;
  std::uint64_t engine_steps_ = 0;
};

} // namespace drsim
