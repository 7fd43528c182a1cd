// Recovery orchestration: the strategy's runbook as a graph of steps, each run by its own actor on the operators'
// host once the steps it comes after are done. A step waits its delay (the human response for manual steps, the
// automation's latency otherwise), then acts on the models; actions that take time (promotion, restore) hold
// the step until they finish.
#pragma once

#include <optional>
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
  // Instance-seconds beyond the steady capacity up to the failback's end; absent while it has not ended.
  std::optional<double> failback_instance_s() const { return failback_instance_s_; }

private:
  enum class State { Waiting, Running, Done };

  World& world_;
  const Runbook& runbook_;
  double first_fault_onset_;
  std::vector<State> states_;
  std::vector<std::vector<std::size_t>> after_;
  // The failback: every `wait-healthy` step and every step that comes after one; it begins when the first of them
  // sees the original region healthy and ends when the last is done.
  std::vector<bool> failback_;
  bool failback_started_ = false;
  std::optional<double> failback_instance_s_;

  void run_step(std::size_t index);
  void wait_for_trigger(const RunbookStep& step);
  void wait_until_healthy(const RunbookStep& step);
  void act(const RunbookStep& step);
};

} // namespace drsim
