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
#include "sim/engine/faults.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {

namespace {

std::vector<std::vector<std::size_t>> predecessors(const Runbook& runbook) {
  std::vector<std::vector<std::size_t>> after(runbook.steps.size());
  for (std::size_t i = 0; i < runbook.steps.size(); ++i) {
    const auto& step = runbook.steps[i];
    if (step.after.empty() && i > 0)
      after[i].push_back(i - 1);
    for (const auto& id : step.after)
      for (std::size_t j = 0; j < runbook.steps.size(); ++j)
        if (runbook.steps[j].id == id)
          after[i].push_back(j);
  }
  return after;
}

// The failback: every `wait-healthy` step and every step that comes after one.
std::vector<bool> failback_steps(const Runbook& runbook, const std::vector<std::vector<std::size_t>>& after) {
  std::vector<bool> failback(runbook.steps.size(), false);
  // A step may come after one listed below it: spread the mark until nothing changes.
  for (bool spread = true; spread;) {
    spread = false;
    for (std::size_t i = 0; i < runbook.steps.size(); ++i)
      if (!failback[i] && (runbook.steps[i].action == StepAction::WaitHealthy ||
                           std::any_of(after[i].begin(), after[i].end(), [&](std::size_t j) { return failback[j]; })))
        spread = failback[i] = true;
  }
  return failback;
}

} // namespace

std::vector<bool> people_steps(const Runbook& runbook) {
  const auto after = predecessors(runbook);
  // The failback is a part of its own: its steps are people's when manual or after a manual failback step, never
  // merely for coming after a failover done by hand, so an automated failback stays the runbook's and starts from
  // its health signal.
  const auto failback = failback_steps(runbook, after);
  std::vector<bool> people(runbook.steps.size(), false);
  // A step comes after steps written anywhere in the runbook: repeat until nothing changes.
  for (bool grew = true; grew;) {
    grew = false;
    for (std::size_t i = 0; i < runbook.steps.size(); ++i)
      if (!people[i] && (runbook.steps[i].manual || std::any_of(after[i].begin(), after[i].end(), [&](std::size_t j) {
                           return people[j] && failback[j] == failback[i];
                         }))) {
        people[i] = true;
        grew = true;
      }
  }
  return people;
}

RunbookExecutor::RunbookExecutor(World& world, const Runbook& runbook, const FaultInjector& faults,
                                 double first_fault_onset, std::vector<bool> left_out)
    : world_(world), runbook_(runbook), faults_(faults), first_fault_onset_(first_fault_onset),
      states_(runbook.steps.size(), State::Waiting), after_(predecessors(runbook)), left_out_(std::move(left_out)),
      failback_(failback_steps(runbook, after_)) {
  left_out_.resize(runbook.steps.size(), false);
}

bool RunbookExecutor::idle() const {
  return std::none_of(states_.begin(), states_.end(), [](State s) { return s == State::Running; });
}

void RunbookExecutor::start() {
  for (std::size_t i = 0; i < runbook_.steps.size(); ++i)
    if (!left_out_[i])
      sg4::Actor::create("runbook:" + runbook_.steps[i].id, world_.platform().global_host(),
                         [this, i] { run_step(i); });
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
  // The Route 53 health check of the original region's load balancer passing again: what a team watches. Without
  // such a check there is no signal, and the step waits to the horizon.
  auto healthy = [&] {
    bool checked = false;
    for (const auto& record : world_.topology().dns)
      for (const auto& endpoint : record.endpoints)
        if (endpoint.target == step.health_check_of && endpoint.health_check) {
          if (!world_.dns(record.name).endpoint_healthy(endpoint.target))
            return false;
          checked = true;
        }
    return checked;
  };
  // A check that passes before it ever failed says nothing of a return: the failback waits for it to have failed,
  // or for the failover's steps to be done (the region may be back before they are).
  auto after_failover = [&] {
    const auto& timeline = world_.timeline();
    if (std::any_of(timeline.begin(), timeline.end(), [&](const TimelineEvent& event) {
          return event.kind == EventKind::HealthCheckFailed && event.component == step.health_check_of;
        }))
      return true;
    for (std::size_t i = 0; i < states_.size(); ++i)
      if (!failback_[i] && (left_out_[i] || states_[i] != State::Done))
        return false;
    return true;
  };
  while (!after_failover() || !healthy())
    world_.wait_for_change(world_.horizon());
  if (!std::exchange(failback_started_, true))
    world_.log(EventKind::FailbackStarted, "runbook", "the health check of " + step.health_check_of + " passes");
}

bool perform(World& world, const RunbookStep& step) {
  switch (step.action) {
  case StepAction::Promote:
    return world.database(step.database).promote(step.replica);
  case StepAction::Scale:
    world.fleet(step.fleet).set_desired(step.region, step.desired);
    return true;
  case StepAction::SwitchDns:
    world.dns(step.record).switch_to(step.to);
    return true;
  case StepAction::Restore: {
    auto& backup = world.backup(step.backup);
    return world.database(backup.params().source).restore(backup, step.region, step.restore_to);
  }
  case StepAction::Resync:
    return world.database(step.database).resync(step.replica, step.max_lag_s);
  case StepAction::SwitchOver:
    return world.database(step.database).switch_over(step.replica, step.freeze);
  case StepAction::Detect:
  case StepAction::Page:
  case StepAction::Decide:
  case StepAction::Verify:
  case StepAction::Wait:
  case StepAction::WaitHealthy:
  case StepAction::Invalid:
    return true;
  }
  return true;
}

void RunbookExecutor::run_step(std::size_t index) {
  const auto& step = runbook_.steps[index];
  // A step someone else does is not the runbook's to wait for: a failback after a trainee's failover waits for its
  // health signal instead (wait_until_healthy).
  while (!std::all_of(after_[index].begin(), after_[index].end(),
                      [&](std::size_t j) { return left_out_[j] || states_[j] == State::Done; }))
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
  // Automation retries a call that timed out: the step acts as soon as its endpoint answers again.
  if (faults_.step_unreachable(step.id)) {
    world_.log(EventKind::StepUnreachable, step.id, std::string(unreachable_message));
    while (faults_.step_unreachable(step.id))
      world_.wait_for_change(world_.horizon());
  }
  // A failed failback step leaves the writes where they are: the failback never ends.
  if (!perform(world_, step) && failback_[index])
    failback_failed_ = true;
  states_[index] = State::Done;
  world_.add_pending_work(-1);
  world_.log(EventKind::StepDone, step.id, name_of(step.action));
  if (failback_[index] && failback_started_) {
    bool done = true;
    for (std::size_t i = 0; i < states_.size(); ++i)
      done = done && (!failback_[i] || states_[i] == State::Done);
    if (done && !failback_failed_ && !failback_instance_s_) {
      world_.log(EventKind::FailbackDone, "runbook", "every failback step is done");
      failback_instance_s_ = world_.extra_instance_seconds_since_steady_end(world_.now());
    }
  }
  world_.changed();
}

} // namespace drsim
