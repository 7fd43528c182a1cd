// Running drills: one Engine and one platform per process serve every drill of a scenario, one after another.
// Each drill starts from a whole platform at clock 0 and ends with every actor killed, so a drill's result
// depends only on its strategy and seed, never on which drills ran before it in the same process.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/world.hpp"
#include "sim/core/scenario.hpp"
#include "sim/measure/availability.hpp"
#include "sim/measure/drill_result.hpp"
#include "sim/measure/metrics.hpp"

namespace simgrid::s4u {
class Engine;
}

namespace drsim {

class FaultInjector;
class Platform;

// How far a running drill has come on its simulated clock, for a person watching a long one: called once with 0 as
// the drill starts, then as its clock advances, with times that never decrease and end at most at the horizon.
using DrillClock = std::function<void(const std::string& strategy, double now_s, double horizon_s)>;

// Someone who takes part in a drill beside its runbook (a trainee, sim/training): does the runbook steps it takes
// over, with its own actors on the drill's world.
class Participant {
public:
  virtual ~Participant() = default;
  // Per step of the runbook, whether the participant does it instead of the runbook.
  virtual std::vector<bool> takes_over(const Runbook& runbook) const = 0;
  // Called once the world, the faults and the runbook have started; `fault_onset` as in DrillResult. `faults`
  // takes further faults while the drill runs.
  virtual void start(World& world, double fault_onset, FaultInjector& faults) = 0;
  // When the participant ended a failback by hand: the instance-seconds beyond the steady capacity from the fault to
  // its end (RunbookExecutor::failback_instance_s).
  virtual std::optional<double> failback_instance_s() const { return std::nullopt; }
};

class DrillRunner {
public:
  explicit DrillRunner(const Scenario& scenario);
  ~DrillRunner();
  DrillRunner(const DrillRunner&) = delete;
  DrillRunner& operator=(const DrillRunner&) = delete;

  DrillResult run(const Strategy& strategy, std::uint64_t seed, Participant* participant = nullptr);

  // Follows the drills run from now on. Listening to the Engine's clock adds no actor and no event, so a drill's
  // figures and engine steps are the same with or without it.
  void watch(DrillClock clock) { clock_ = std::move(clock); }

private:
  const Scenario& scenario_;
  std::unique_ptr<simgrid::s4u::Engine> engine_;
  std::unique_ptr<Platform> platform_;
  std::uint64_t engine_steps_ = 0;
  std::uint64_t wake_ups_ = 0; //!< from sleeps and transfers; the world counts its own waits
  DrillClock clock_;
  const Strategy* running_ = nullptr; //!< the drill under way, for clock_
  double clock_origin_ = 0;           //!< the Engine clock at its start
};

} // namespace drsim
