#include "sim/training/session.hpp"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Host.hpp>

#include "models/database.hpp"
#include "models/dns.hpp"
#include "models/fleet.hpp"
#include "models/load_balancer.hpp"
#include "models/world.hpp"
#include "sim/core/time.hpp"
#include "sim/core/units.hpp"
#include "sim/engine/faults.hpp"
#include "sim/engine/runbook.hpp"
#include "sim/input/messages.hpp"

namespace sg4 = simgrid::s4u;

namespace drsim {
namespace {

// How long an interactive session lets pass on the wall clock between two looks at the console while nothing
// happens in the drill.
constexpr double console_tick_s = 0.25;

// The replication-lag alarm of a scenario without an RPO objective. AWS sets no default alarm on ReplicaLag; a minute
// is drsim's choice: far above a healthy replica's lag of a ship interval, well below a backup's period.
constexpr double default_replica_lag_alarm_s = 60;
// RDS sends its metrics to CloudWatch every minute (RDS User Guide, "Monitoring Amazon RDS metrics with CloudWatch"):
// an alarm on ReplicaLag sees a lag once it has lasted a period.
constexpr double lag_alarm_period_s = 60;

// What the AWS consoles show as it happens. Faults, runbook steps and the clients' resolver caches are not among them:
// an on-call engineer sees their effects, not them.
bool on_a_console(EventKind kind) {
  switch (kind) {
  case EventKind::DnsSwitched:
  case EventKind::TargetsChanged:
  case EventKind::ScaleFailed:
  case EventKind::Launch:
  case EventKind::InstancesBooted:
  case EventKind::PromotionStarted:
  case EventKind::PromotionFailed:
  case EventKind::PromotionDone:
  case EventKind::FailoverStarted:
  case EventKind::FailoverDone:
  case EventKind::RestoreStarted:
  case EventKind::RestoreFailed:
  case EventKind::RestoreDone:
  case EventKind::SnapshotFailed:
  case EventKind::BackupCopyFailed:
  case EventKind::BackupsDeleted:
  case EventKind::CorruptionDetected:
  case EventKind::ResyncStarted:
  case EventKind::ResyncDone:
  case EventKind::ResyncFailed:
  case EventKind::WritesFrozen:
  case EventKind::SwitchedOver:
  case EventKind::SwitchOverFailed:
  case EventKind::StepUnreachable:
    return true;
  default:
    return false;
  }
}

std::string percent(double ratio) { return fmt::format("{:.1f} %", 100 * ratio); }

TraineeCommand end_command() {
  TraineeCommand command;
  command.kind = CommandKind::End;
  command.text = "end";
  return command;
}

bool is_failback(StepAction action) { return action == StepAction::Resync || action == StepAction::SwitchOver; }

} // namespace

TrainingSession::TrainingSession(const Scenario& scenario, const Strategy& strategy, std::vector<ScriptEntry> script,
                                 std::ostream& screen, SessionOptions options)
    : scenario_(scenario), strategy_(strategy), script_(std::move(script)), script_done_(script_.size(), false),
      screen_(screen), options_(options) {
  // With an RPO objective, the lag beyond which a failover now would break it.
  std::optional<double> rpo;
  for (const auto& objective : scenario.objectives)
    if (objective.metric == Metric::Rpo &&
        (objective.strategies.empty() || std::find(objective.strategies.begin(), objective.strategies.end(),
                                                   strategy.name) != objective.strategies.end()))
      rpo = std::min(objective.target, rpo.value_or(objective.target));
  replica_lag_alarm_s_ = rpo.value_or(default_replica_lag_alarm_s);
  const auto people = people_steps(strategy.runbook);
  for (std::size_t i = 0; i < people.size(); ++i)
    if (people[i])
      runbook_actions_.push_back(strategy.runbook.steps[i]);
}

std::vector<bool> TrainingSession::takes_over(const Runbook& runbook) const { return people_steps(runbook); }

void TrainingSession::start(World& world, double fault_onset, FaultInjector& faults) {
  world_ = &world;
  faults_ = &faults;
  fault_onset_ = fault_onset;
  for (const auto& record : strategy_.topology.dns)
    for (const auto& endpoint : record.endpoints)
      if (endpoint.health_check)
        armed_.push_back(false);
  below_since_.assign(world.outcomes().size(), std::nullopt);
  sg4::Actor::create("trainee", world.platform().global_host(), [this] { run(); });
}

void TrainingSession::show(const std::string& text, std::optional<double> at) {
  const double now = at.value_or(world_->now());
  screen_ << format_clock(now, false) << "  " << text << '\n' << std::flush;
  seen_.push_back({now, text});
  if (options_.observer)
    options_.observer->shown(now, text);
}

void TrainingSession::fire(const std::string& name, const std::string& text) {
  for (const auto& alert : alerts_)
    if (alert.name == name && !alert.resolved)
      return;
  alerts_.push_back({name, text, world_->now(), std::nullopt, std::nullopt});
  world_->log(EventKind::Alarm, name, text);
  show("ALERT " + name + ": " + text + " (ack " + name + ")");
  if (unpaced_until_) {
    unpaced_until_.reset();
    repace();
    show("the clock is paced again");
  }
}

void TrainingSession::resolve(const std::string& name) {
  for (auto& alert : alerts_)
    if (alert.name == name && !alert.resolved) {
      alert.resolved = world_->now();
      show("resolved " + name);
    }
}

std::optional<double> TrainingSession::observe() {
  auto& world = *world_;
  const double now = world.now();
  const auto& timeline = world.timeline();
  for (; timeline_read_ < timeline.size(); ++timeline_read_) {
    const auto& event = timeline[timeline_read_];
    if (on_a_console(event.kind))
      show(std::string(name_of(event.kind)) + " " + event.component + ": " + event.detail, event.time);
    if (event.kind == EventKind::SnapshotFailed || event.kind == EventKind::BackupCopyFailed)
      fire(event.component + "-failed", "backup " + event.component + " failed: " + event.detail);
    if (event.kind == EventKind::Snapshot)
      resolve(event.component + "-failed");
  }
  std::size_t k = 0;
  for (const auto& record : strategy_.topology.dns)
    for (const auto& endpoint : record.endpoints) {
      if (!endpoint.health_check)
        continue;
      const bool healthy = world.dns(record.name).endpoint_healthy(endpoint.target);
      // An endpoint that never had a target (a pilot light's idle region) fails its checks by design: no page.
      if (healthy && world.load_balancer(endpoint.target).registered_targets() > 0)
        armed_[k] = true;
      const auto name = endpoint.target + "-unhealthy";
      if (!healthy && armed_[k])
        fire(name, "Route 53 health check of " + endpoint.target + " fails (" + record.name + ")");
      else if (healthy)
        resolve(name);
      ++k;
    }
  std::optional<double> next;
  // A replication-lag alarm: the lag above the bound for a whole alarm period, counted from when the node became a
  // live replica (its first sample). The lag is the age of the oldest write the replica lacks, so it has been above
  // the bound since `now - lag + bound`, and grows with the clock while nothing arrives: look again when the period
  // would be full.
  for (const auto& db : world.databases())
    for (const auto& node : db->node_names()) {
      const auto lag = db->replica_lag_s(node);
      const auto name = db->params().name + "-" + node + "-lag";
      if (!lag) {
        // A replica promoted, or down, reports no lag any more.
        replica_since_.erase(name);
        resolve(name);
        continue;
      }
      const double since = replica_since_.try_emplace(name, now).first->second;
      const double due = std::max(since, now - *lag + replica_lag_alarm_s_) + lag_alarm_period_s;
      if (*lag >= replica_lag_alarm_s_ - time_tolerance_s && now >= due - time_tolerance_s) {
        fire(name, "replica lag of " + node + " (" + db->params().name + ") above " +
                       format_duration(replica_lag_alarm_s_) + " for " + format_duration(lag_alarm_period_s) +
                       ", now " + format_duration(*lag));
        continue;
      }
      if (*lag < replica_lag_alarm_s_ - time_tolerance_s)
        resolve(name);
      if (*lag > 0)
        next = next ? std::min(*next, due) : due;
    }
  // An error-rate alarm: the success ratio below the drill's threshold for a whole recovery window.
  const auto& recovery = scenario_.recovery;
  bool all_good = true;
  for (std::size_t i = 0; i < world.outcomes().size(); ++i) {
    const auto& series = world.outcomes()[i];
    const double ratio = series.ratio_at(now);
    const auto name = series.population + "-errors";
    if (ratio >= recovery.success_threshold) {
      below_since_[i].reset();
      resolve(name);
      continue;
    }
    all_good = false;
    if (!below_since_[i])
      below_since_[i] = now;
    const double due = *below_since_[i] + recovery.window_s;
    if (now >= due - time_tolerance_s) {
      outage_paged_ = true;
      fire(name, "success ratio of " + series.population + " at " + percent(ratio) + ", below " +
                     percent(recovery.success_threshold) + " for " + format_duration(recovery.window_s));
    } else {
      next = next ? std::min(*next, due) : due;
    }
  }
  if (!all_good)
    all_good_since_.reset();
  else if (!all_good_since_)
    all_good_since_ = now;
  // At a terminal, the session ends when the service has recovered, by the drill's own rule, after an outage the
  // pager reported.
  if (options_.console && !ended_at_ && outage_paged_ && all_good_since_) {
    const double due = *all_good_since_ + recovery.window_s;
    if (now >= due - time_tolerance_s) {
      show("the service has recovered: every client population at or above " + percent(recovery.success_threshold) +
           " for " + format_duration(recovery.window_s) +
           (options_.to_horizon ? "; the session goes on to the horizon (end stops it)" : ""));
      // Said once an outage: the next one's page says its recovery again.
      if (options_.to_horizon)
        outage_paged_ = false;
      else
        apply(end_command());
    } else {
      next = next ? std::min(*next, due) : due;
    }
  }
  if (options_.observer) {
    SessionLook look{now, fault_onset_, options_.speed, paused_, ended_at_.has_value(), {}, &alerts_};
    for (const auto& series : world.outcomes())
      look.success.emplace_back(series.population, series.ratio_at(now));
    options_.observer->looked(look);
  }
  return next;
}

std::optional<double> TrainingSession::script_due(std::size_t i) const {
  if (script_[i].at)
    return script_[i].at;
  // "after ALERT" counts from the first time the alert fired, whether or not it fired again since.
  for (const auto& alert : alerts_)
    if (alert.name == script_[i].after_alert)
      return alert.fired + script_[i].delay;
  return std::nullopt;
}

std::optional<double> TrainingSession::next_script_time() const {
  std::optional<double> next;
  for (std::size_t i = 0; i < script_.size(); ++i) {
    if (script_done_[i])
      continue;
    if (const auto due = script_due(i))
      next = next ? std::min(*next, *due) : *due;
  }
  return next;
}

void TrainingSession::apply(const TraineeCommand& command) {
  auto& world = *world_;
  const double now = world.now();
  switch (command.kind) {
  case CommandKind::Action: {
    commands_.push_back({now, command.text});
    if (const auto refusal = nothing_to_fail_back(command.step); !refusal.empty()) {
      show("> " + command.text);
      show(refusal);
      break;
    }
    const bool matches = std::any_of(runbook_actions_.begin(), runbook_actions_.end(),
                                     [&](const RunbookStep& step) { return same_action(step, command.step); });
    actions_.push_back({now, command.text, command.step, std::nullopt, matches, {}});
    show("> " + command.text);
    world.add_pending_work(1);
    // A failback done by hand begins with its first command, unless the runbook's health signal began it.
    if (is_failback(command.step.action) &&
        std::none_of(world.timeline().begin(), world.timeline().end(),
                     [](const TimelineEvent& event) { return event.kind == EventKind::FailbackStarted; }))
      world.log(EventKind::FailbackStarted, "trainee", "the trainee's first failback command");
    // Named by the command, so that the drill's timeline and chart show what the trainee did.
    world.log(EventKind::StepStarted, command.text, "trainee");
    const auto index = actions_.size() - 1;
    // The command the runbook's unreachable step stands for hangs on its endpoint until the CLI gives up.
    const bool unreachable =
        std::any_of(runbook_actions_.begin(), runbook_actions_.end(), [&](const RunbookStep& step) {
          return same_action(step, command.step) && faults_->step_unreachable(step.id);
        });
    sg4::Actor::create("trainee:" + std::string(name_of(command.step.action)), world.platform().global_host(),
                       [this, index, unreachable, step = command.step] {
                         auto& w = *world_;
                         if (unreachable) {
                           sg4::this_actor::sleep_for(unreachable_command_timeout_s);
                           actions_[index].done = w.now();
                           actions_[index].failure = unreachable_message;
                           w.add_pending_work(-1);
                           w.log(EventKind::StepUnreachable, actions_[index].text, actions_[index].failure);
                           w.changed();
                           return;
                         }
                         const bool done = perform(w, step);
                         actions_[index].done = w.now();
                         w.add_pending_work(-1);
                         w.log(EventKind::StepDone, actions_[index].text, "trainee");
                         // A failback by hand ends with a switch-over that worked and no failback command under way.
                         if (done && step.action == StepAction::SwitchOver &&
                             std::none_of(actions_.begin(), actions_.end(), [](const TraineeAction& action) {
                               return is_failback(action.step.action) && !action.done;
                             })) {
                           w.log(EventKind::FailbackDone, "trainee", "the trainee's switch-over is done");
                           failback_instance_s_ = w.extra_instance_seconds_since_steady_end(w.now());
                         }
                         w.changed();
                       });
    // The action begins now: what it shows on a console at once (a promotion started) is seen now.
    sg4::this_actor::yield();
    break;
  }
  case CommandKind::Ack: {
    std::vector<std::string> open;
    for (auto& alert : alerts_)
      if (!alert.acknowledged) {
        if (alert.name == command.argument) {
          alert.acknowledged = now;
          commands_.push_back({now, command.text});
          show("acknowledged " + alert.name);
          return;
        }
        open.push_back(alert.name);
      }
    show("no unacknowledged alert " + in_quotes(command.argument) + suggestion(command.argument, open));
    break;
  }
  case CommandKind::Note:
    commands_.push_back({now, command.text});
    notes_.push_back(format_clock(now, false) + " " + command.argument);
    show("noted");
    break;
  case CommandKind::Status:
    status();
    break;
  case CommandKind::Timeline:
    screen_ << "Timeline so far\n";
    for (const auto& line : seen_)
      screen_ << "  " << format_clock(line.time, false) << "  " << line.text << '\n';
    screen_ << std::flush;
    break;
  case CommandKind::Help:
    screen_ << command_help() << std::flush;
    break;
  case CommandKind::Inject:
    commands_.push_back({now, command.text});
    injected_.push_back({now, command.text});
    show("> " + command.text);
    faults_->inject(command.fault, command.fault_duration);
    break;
  case CommandKind::Pause:
  case CommandKind::Resume:
  case CommandKind::Speed:
  case CommandKind::Wait:
    if (!options_.console) {
      show(command.text + " applies to an interactive session only");
      break;
    }
    if (command.kind == CommandKind::Speed)
      options_.speed = command.speed;
    paused_ = command.kind == CommandKind::Pause;
    repace();
    if (command.kind == CommandKind::Wait) {
      unpaced_until_ = now + command.wait_s;
      show("the clock runs on unpaced to " + format_clock(*unpaced_until_, false) + ", or until an alert fires");
      break;
    }
    unpaced_until_.reset();
    show(paused_ ? "paused: type resume to go on"
                 : fmt::format("clock running at {} simulated seconds per second", format_number(options_.speed)));
    break;
  case CommandKind::End:
    commands_.push_back({now, command.text});
    ended_at_ = now;
    show("session ended: the drill runs on without you");
    break;
  }
}

std::string TrainingSession::nothing_to_fail_back(const RunbookStep& step) const {
  if (!is_failback(step.action))
    return "";
  const auto& db = world_->database(step.database);
  const auto* node = db.node_host(step.replica);
  if (node == db.writer_host())
    return "nothing to fail back: " + step.replica + " is the writer of " + step.database;
  if (!node || !node->is_on())
    return step.replica + " of " + step.database + " is down: it cannot take the writes back yet";
  return "";
}

void TrainingSession::take_line(const std::string& line) {
  auto parsed = parse_command(line, strategy_);
  if (parsed.command)
    apply(*parsed.command);
  else if (!parsed.error.empty())
    show(parsed.error);
}

void TrainingSession::answer(const std::string& line) {
  observe();
  if (options_.observer)
    options_.observer->answering();
  if (ended_at_)
    show(refused_after_end(line));
  else
    take_line(line);
  observe();
  if (options_.observer)
    options_.observer->answered();
}

std::string TrainingSession::refused_after_end(const std::string& text) const {
  return "the session has ended at " + format_clock(*ended_at_, false) + "; " + in_quotes(text) +
         " was not applied: the debrief comes when the drill reaches its horizon (" +
         format_clock(world_->horizon(), false) + ")";
}

void TrainingSession::repace() {
  wall_anchor_ = options_.console->wall_seconds();
  drill_anchor_ = world_->now();
}

void TrainingSession::pace() {
  auto* console = options_.console;
  while (console && !ended_at_ && unpaced_until_) {
    if (world_->now() >= *unpaced_until_ - time_tolerance_s) {
      unpaced_until_.reset();
      repace();
      show("the clock is paced again");
      break;
    }
    // Unpaced, the drill does not wait for the wall clock, but what is typed meanwhile is still taken.
    const auto line = console->read_line(0);
    if (!line) {
      if (console->closed())
        apply(end_command());
      return;
    }
    answer(*line);
  }
  while (console && !ended_at_) {
    const double wait =
        paused_ ? -1 : wall_anchor_ + (world_->now() - drill_anchor_) / options_.speed - console->wall_seconds();
    if (!paused_ && wait <= 0)
      return;
    const auto line = console->read_line(wait);
    if (line) {
      answer(*line);
    } else if (console->closed()) {
      apply(end_command());
    }
  }
}

void TrainingSession::run() {
  auto& world = *world_;
  if (options_.console)
    repace();
  for (;;) {
    // A line typed while the drill is held here, and a replayed command due now, both act after everything else of
    // the instant: the replay then gives the command the same place among the instant's events that it had.
    world.finish_instant();
    pace();
    // The drill runs on without the trainee to its horizon: what is typed meanwhile is told so, not dropped.
    if (options_.console && ended_at_)
      while (const auto line = options_.console->read_line(0))
        answer(*line);
    auto next = observe();
    for (bool applied = true; applied;) {
      applied = false;
      for (std::size_t i = 0; i < script_.size(); ++i) {
        if (script_done_[i])
          continue;
        const auto due = script_due(i);
        if (due && *due <= world.now() + time_tolerance_s) {
          script_done_[i] = true;
          applied = true;
          if (ended_at_)
            show(refused_after_end(script_[i].command.text));
          else
            apply(script_[i].command);
        }
      }
    }
    if (const auto after_commands = observe(); after_commands)
      next = next ? std::min(*next, *after_commands) : *after_commands;
    const auto script_next = next_script_time();
    if (script_next)
      next = next ? std::min(*next, *script_next) : *script_next;
    if (options_.console && !ended_at_) {
      const double tick = unpaced_until_.value_or(world.now() + options_.speed * console_tick_s);
      next = next ? std::min(*next, tick) : tick;
    }
    if (world.now() >= world.horizon())
      return;
    world.wait_for_change(next.value_or(world.horizon()));
  }
}

void TrainingSession::status() {
  auto& world = *world_;
  std::string text = "Status at " + format_clock(world.now(), false) + "\n  clients\n";
  for (const auto& series : world.outcomes())
    text +=
        fmt::format("    {:<20} {} of requests succeed\n", series.population, percent(series.ratio_at(world.now())));
  text += "  DNS\n";
  for (const auto& record : strategy_.topology.dns) {
    text += fmt::format("    {} ({}, TTL {}):", record.name, name_of(record.routing), format_duration(record.ttl_s));
    for (const auto& endpoint : record.endpoints)
      text += " " + endpoint.target +
              (endpoint.health_check
                   ? (world.dns(record.name).endpoint_healthy(endpoint.target) ? " healthy" : " failing its check")
                   : "");
    text += "\n";
  }
  text += "  load balancers\n";
  for (const auto& lb : world.load_balancers())
    text += fmt::format("    {:<20} {:<12} {} healthy targets, {}\n", lb->params().name, lb->params().region,
                        lb->registered_targets(), lb->regional_host()->is_on() ? "answering" : "not answering");
  text += "  fleets\n";
  for (const auto& fleet : world.fleets()) {
    text += fmt::format("    {:<20}", fleet->params().name);
    for (const auto& [region, capacity] : fleet->params().capacity)
      text += fmt::format(" {}: {} running, desired {};", region, fleet->running(region), fleet->desired(region));
    text.back() = '\n';
  }
  text += "  databases\n";
  for (const auto& db : world.databases()) {
    std::string writer = "a restored copy";
    const auto* host = db->writer_host();
    const auto& params = db->params();
    if (host && host == db->node_host("primary"))
      writer = "primary in " + params.primary.region;
    for (const auto& replica : params.replicas)
      if (host && host == db->node_host(replica.name))
        writer = replica.name + " in " + replica.region;
    text += fmt::format("    {:<20} writer: {}, {}\n", params.name, writer,
                        host && host->is_on() ? "answering" : "not answering");
    for (const auto& node : db->node_names())
      if (const auto lag = db->replica_lag_s(node)) {
        std::string region = params.primary.region;
        for (const auto& replica : params.replicas)
          if (replica.name == node)
            region = replica.region;
        text += fmt::format("      replica {} in {}: lag {}\n", node, region, format_duration(*lag));
      }
  }
  std::string under_way;
  for (const auto& action : actions_)
    if (!action.done)
      under_way += fmt::format("    {} (since {})\n", action.text, format_clock(action.at, false));
  text += "  under way\n" + (under_way.empty() ? std::string("    nothing\n") : under_way);
  screen_ << text << std::flush;
}

} // namespace drsim
