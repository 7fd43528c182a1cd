// Recovery orchestration: the strategy's runbook as a graph of steps, each run by its own actor on the operators'
// host once the steps it comes after are done. A step waits its delay (the human response for manual steps, the
// automation's latency otherwise), then acts on the models; actions that take time (promotion, restore) hold
// the step until they finish.
#pragma once

#include <string>
#include <vector>

#include "sim/core/scenario.hpp"

namespace drsim {

class World;

class RunbookExecutor {
public:
  RunbookExecutor(World& world, const Runbook& runbook, double first_fault_onset);

  void start();
  // Every step is either done or has not started; nothing is under way.
  bool idle() const;

private:
  enum class State { Waiting, Running, Done };

  World& world_;
  const Runbook& runbook_;
  double first_fault_onset_;
  std::vector<State> states_;
  std::vector<std::vector<std::size_t>> after_;

  void run_step(std::size_t index);
  void wait_for_trigger(const RunbookStep& step);
  void act(const RunbookStep& step);
};

} // namespace drsim
