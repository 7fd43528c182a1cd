#include "sim/engine/runbook.hpp"

#include <algorithm>
#include <utility>

#include <simgrid/s4u/Actor.hpp>

#include "models/backup.hpp"
#include "models/database.hpp"
#include "models/dns.hpp"
#include "models/fleet.hpp"
#include "models/load_balancer.hpp"
#include "models/world.hpp"
#include "sim/core/time.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {

RunbookExecutor::RunbookExecutor(World& world, const Runbook& runbook, double first_fault_onset)
    : world_(world), runbook_(runbook), first_fault_onset_(first_fault_onset),
      states_(runbook.steps.size(), State::Waiting), after_(runbook.steps.size()),
      failback_(runbook.steps.size(), false) {
  for (std::size_t i = 0; i < runbook.steps.size(); ++i) {
    const auto& step = runbook.steps[i];
    if (step.after.empty() && i > 0)
      after_[i].push_back(i - 1);
    for (const auto& id : step.after)
      for (std::size_t j = 0; j < runbook.steps.size(); ++j)
        if (runbook.steps[j].id == id)
          after_[i].push_back(j);
  }
  // A step may come after one listed below it: spread the mark until nothing changes.
  for (bool spread = true; spread;) {
    spread = false;
    for (std::size_t i = 0; i < runbook.steps.size(); ++i) {
      const bool failback =
          runbook.steps[i].action == StepAction::WaitHealthy ||
          std::any_of(after_[i].begin(), after_[i].end(), [&](std::size_t j) { return failback_[j]; });
      if (failback && !failback_[i])
        spread = failback_[i] = true;
    }
  }
}

bool RunbookExecutor::idle() const {
  return std::none_of(states_.begin(), states_.end(), [](State s) { return s == State::Running; });
}

void RunbookExecutor::start() {
  for (std::size_t i = 0; i < runbook_.steps.size(); ++i)
    sg4::Actor::create("runbook:" + runbook_.steps[i].id, world_.platform().global_host(), [this, i] { run_step(i); });
}

void RunbookExecutor::wait_for_trigger(const RunbookStep& step) {
  // Detection: a Route 53 health check of a load balancer turned unhealthy, or the clients' success ratio fell
  // below a bound (an alarm on the error rate), or, with neither given, someone notices the fault itself.
  auto fired = [&] {
    if (!step.health_check_of.empty()) {
      const auto& lb = world_.load_balancer(step.health_check_of);
      for (const auto& record : world_.topology().dns)
        for (const auto& endpoint : record.endpoints)
          if (endpoint.target == lb.params().name && endpoint.health_check &&
              !world_.dns(record.name).endpoint_healthy(endpoint.target))
            return true;
      return false;
    }
    if (step.success_ratio_below > 0)
      return std::any_of(world_.outcomes().begin(), world_.outcomes().end(), [&](const OutcomeSeries& series) {
        return series.ratio_at(world_.now()) < step.success_ratio_below;
      });
    return world_.now() >= first_fault_onset_ - time_tolerance_s;
  };
  while (!fired())
    world_.wait_for_change(step.health_check_of.empty() && step.success_ratio_below <= 0 ? first_fault_onset_
                                                                                         : world_.horizon());
}

void RunbookExecutor::wait_until_healthy(const RunbookStep& step) {
  // The Route 53 health check of the original region's load balancer passing again: what a team watches.
  auto healthy = [&] {
    for (const auto& record : world_.topology().dns)
      for (const auto& endpoint : record.endpoints)
        if (endpoint.target == step.health_check_of && endpoint.health_check &&
            !world_.dns(record.name).endpoint_healthy(endpoint.target))
          return false;
    return true;
  };
  while (!healthy())
    world_.wait_for_change(world_.horizon());
  if (!std::exchange(failback_started_, true))
    world_.log(EventKind::FailbackStarted, "runbook", "the health check of " + step.health_check_of + " passes");
}

void RunbookExecutor::act(const RunbookStep& step) {
  switch (step.action) {
  case StepAction::Promote:
    world_.database(step.database).promote(step.replica);
    break;
  case StepAction::Scale:
    world_.fleet(step.fleet).set_desired(step.region, step.desired);
    break;
  case StepAction::SwitchDns:
    world_.dns(step.record).switch_to(step.to);
    break;
  case StepAction::Restore: {
    auto& backup = world_.backup(step.backup);
    world_.database(backup.params().source).restore(backup, step.region);
    break;
  }
  case StepAction::Resync:
    world_.database(step.database).resync(step.replica, step.max_lag_s);
    break;
  case StepAction::SwitchOver:
    world_.database(step.database).switch_over(step.replica, step.freeze);
    break;
  case StepAction::Detect:
  case StepAction::Page:
  case StepAction::Decide:
  case StepAction::Verify:
  case StepAction::Wait:
  case StepAction::WaitHealthy:
  case StepAction::Invalid:
    break;
  }
}

void RunbookExecutor::run_step(std::size_t index) {
  const auto& step = runbook_.steps[index];
  while (!std::all_of(after_[index].begin(), after_[index].end(),
                      [&](std::size_t j) { return states_[j] == State::Done; }))
    world_.wait_for_change(world_.horizon());
  if (step.action == StepAction::Detect)
    wait_for_trigger(step);
  if (step.action == StepAction::WaitHealthy)
    wait_until_healthy(step);
  states_[index] = State::Running;
  world_.add_pending_work(1);
  world_.log(EventKind::StepStarted, step.id, std::string(name_of(step.action)) + (step.manual ? " (manual)" : ""));
  if (step.action == StepAction::Detect)
    world_.log(EventKind::Alarm, step.id,
               !step.health_check_of.empty()  ? "the health check of " + step.health_check_of + " failed"
               : step.success_ratio_below > 0 ? "client success ratio below the alarm bound"
                                              : "the fault is noticed");
  sg4::this_actor::sleep_for(step.delay.sample(world_.rng()));
  act(step);
  states_[index] = State::Done;
  world_.add_pending_work(-1);
  world_.log(EventKind::StepDone, step.id, name_of(step.action));
  if (failback_[index] && failback_started_) {
    bool done = true;
    for (std::size_t i = 0; i < states_.size(); ++i)
      done = done && (!failback_[i] || states_[i] == State::Done);
    if (done && !failback_instance_s_) {
      world_.log(EventKind::FailbackDone, "runbook", "every failback step is done");
      failback_instance_s_ = world_.extra_instance_seconds(world_.now());
    }
  }
  world_.changed();
}

} // namespace drsim
