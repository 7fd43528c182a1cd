// Recovery orchestration: the strategy's runbook as a graph of steps, each run by its own actor on the operators'
// host once the steps it comes after are done. A step waits its delay (the human response for manual steps, the
// automation's latency otherwise), then acts on the models; actions that take time (promotion, restore) hold
// the step until they finish.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/scenario.hpp"

namespace drsim {

class FaultInjector;
class World;

// How long a command whose endpoint cannot be reached hangs before it fails: the AWS CLI's default connect timeout
// (`--cli-connect-timeout`, 60 s; AWS CLI Command Reference, global options).
inline constexpr double unreachable_command_timeout_s = 60;

// What the AWS CLI says when a step's endpoint cannot be reached (a `step-unreachable` fault).
inline constexpr std::string_view unreachable_message =
    "Connect timeout on endpoint URL (the endpoint cannot be reached)";

// Does what a step of this kind does to the models, holding the calling actor for as long as the action takes
// (promotion, restore): the one implementation of each action, for the runbook's steps and for a trainee's commands.
// Whether the action succeeded (a promotion, restore, resync or switch-over can fail; the model logs why).
bool perform(World& world, const RunbookStep& step);

// The steps that people do: the manual ones and every step that comes after one of them within the same part of
// the incident (failover or failback). A training session hands them to the trainee, and the runbook runs the others.
std::vector<bool> people_steps(const Runbook& runbook);

class RunbookExecutor {
public:
  // `left_out`: per step, whether someone else does it (empty: the runbook runs every step). A step whose endpoint
  // `faults` holds unreachable acts once it is reachable again.
  RunbookExecutor(World& world, const Runbook& runbook, const FaultInjector& faults, double first_fault_onset,
                  std::vector<bool> left_out = {});

  void start();
  // Every step is either done or has not started; nothing is under way.
  bool idle() const;
  // Instance-seconds beyond the steady capacity from the first fault to the failback's end; absent while it has not
  // ended.
  std::optional<double> failback_instance_s() const { return failback_instance_s_; }

private:
  enum class State { Waiting, Running, Done };

  World& world_;
  const Runbook& runbook_;
  const FaultInjector& faults_;
  double first_fault_onset_;
  std::vector<State> states_;
  std::vector<std::vector<std::size_t>> after_;
  std::vector<bool> left_out_;
  // The failback: every `wait-healthy` step and every step that comes after one; it begins when the first of them
  // sees the original region healthy and ends when the last is done.
  std::vector<bool> failback_;
  bool failback_started_ = false;
  bool failback_failed_ = false; //!< a failback step's action failed
  std::optional<double> failback_instance_s_;

  void run_step(std::size_t index);
  void wait_for_trigger(const RunbookStep& step);
  void wait_until_healthy(const RunbookStep& step);
};

} // namespace drsim
