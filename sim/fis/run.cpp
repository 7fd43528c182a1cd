#include "sim/fis/run.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <ctime>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "sim/core/units.hpp"
#include "sim/fis/detectors.hpp"
#include "sim/fis/experiments.hpp"
#include "sim/fis/prober.hpp"

namespace drsim::fis {
namespace {

using nlohmann::json;

// How often a wait looks for a signal or the end of --max-duration.
constexpr double wait_slice_s = 0.05;

std::string signal_name(int signal) {
  return signal == SIGINT ? "SIGINT" : signal == SIGTERM ? "SIGTERM" : "signal " + std::to_string(signal);
}

bool terminal(const std::string& status) { return !status.empty() && !active_status(status); }

// The CloudWatch alarms the plan's templates stop on, each once.
std::vector<std::string> stop_alarms(const Plan& plan) {
  std::vector<std::string> arns;
  for (const auto& [region, body] : plan.templates)
    for (const auto& condition : body.value("stopConditions", json::array()))
      if (condition.value("source", "") == "aws:cloudwatch:alarm" && condition.contains("value") &&
          std::find(arns.begin(), arns.end(), condition["value"].get<std::string>()) == arns.end())
        arns.push_back(condition["value"].get<std::string>());
  return arns;
}

class Runner {
public:
  Runner(const Plan& plan, const RunSettings& settings, AwsClient& client, Journal& journal, const RunHooks& hooks)
      : plan_(plan), settings_(settings), client_(client), journal_(journal), hooks_(hooks),
        prober_(
            settings.health_urls, settings.probe_interval_s, [&journal] { return journal.seconds(); },
            [&journal](const Probe& probe) {
              json record{{"url", probe.url}, {"ok", probe.ok}, {"status", probe.status}, {"ms", probe.ms}};
              record["t"] = to_millisecond(probe.t);
              if (!probe.error.empty())
                record["error"] = probe.error;
              journal.write("probe", record);
            }),
        // A run that injects nothing (skip-all) has nothing for the detectors to see.
        detectors_(client, journal, settings.skip_actions ? std::vector<std::string>{} : stop_alarms(plan),
                   settings.skip_actions ? std::vector<std::string>{} : settings.health_checks,
                   settings.detector_interval_s),
        steps_(client, journal, settings.skip_actions ? std::vector<WatchedStep>{} : settings.steps,
               settings.detector_interval_s) {
    for (const auto& [region, body] : plan.templates) {
      RegionRun run;
      run.region = region;
      result_.regions.push_back(std::move(run));
    }
  }

  RunResult run() {
    try {
      create_templates();
      if (!stop_reason_) {
        prober_.start();
        detectors_.start();
        steps_.start();
        start_experiments();
      }
      if (!stop_reason_)
        watch();
      if (!stop_reason_ && settings_.skip_actions)
        list_resolved();
    } catch (const AwsError& e) {
      if (!stop_reason_) {
        result_.outcome = RunOutcome::AwsError;
        result_.error = e.what();
        journal_.write("error", {{"message", e.what()}, {"status", e.status()}, {"error_type", e.error_type()}});
        say("AWS error: " + std::string(e.what()));
        stop_reason_ = "an AWS error";
        journal_.write("stop", {{"reason", *stop_reason_}});
      }
    } catch (const std::exception& e) {
      stop_for_failure(e.what());
    }
    if (const auto failure = failed())
      stop_for_failure(*failure);
    if (stop_reason_ && std::any_of(result_.regions.begin(), result_.regions.end(),
                                    [](const RegionRun& region) { return active_status(region.status); }))
      stop_all();
    if (!stop_reason_)
      observe_after();
    prober_.stop();
    detectors_.stop();
    steps_.stop();
    if (const auto failure = failed(); failure && result_.outcome != RunOutcome::InternalError) {
      // Found only once the experiments had ended: nothing is left to stop, but the record is incomplete.
      stop_for_failure(*failure);
    }
    delete_templates();
    decide_outcome();
    json regions = json::array();
    for (const auto& region : result_.regions)
      regions.push_back({{"region", region.region},
                         {"template_id", region.template_id},
                         {"experiment_id", region.experiment_id},
                         {"status", region.status},
                         {"reason", region.reason},
                         {"stopped_by_run", region.stopped_by_run}});
    json end{
        {"outcome", outcome_name(result_.outcome)}, {"regions", regions}, {"stop_incomplete", result_.stop_incomplete}};
    if (!result_.error.empty())
      end["error"] = result_.error;
    journal_.write("end", end);
    return std::move(result_);
  }

private:
  StopSignals received() const { return hooks_.signals ? hooks_.signals() : StopSignals{}; }

  void say(const std::string& line) const {
    if (hooks_.say)
      hooks_.say(line);
  }

  // The journal's failure, else a thread's; nullopt: none.
  std::optional<std::string> failed() const {
    if (auto failure = journal_.failure())
      return failure;
    if (auto failure = prober_.failure())
      return failure;
    if (auto failure = steps_.failure())
      return failure;
    return detectors_.failure();
  }

  // The run cannot go on: recorded as its outcome, once, so that what it started is stopped.
  void stop_for_failure(const std::string& what) {
    if (result_.outcome == RunOutcome::InternalError)
      return;
    result_.outcome = RunOutcome::InternalError;
    result_.error = what;
    say("internal error: " + what);
    journal_.write("error", {{"message", what}});
    if (!stop_reason_) {
      stop_reason_ = "an internal error";
      journal_.write("stop", {{"reason", *stop_reason_}});
    }
  }

  // A signal, the end of --max-duration or a failure asks the run to stop; recorded once, with why.
  bool asked_to_stop() {
    if (stop_reason_)
      return true;
    if (const auto failure = failed()) {
      stop_for_failure(*failure);
      return true;
    }
    if (const auto signals = received(); signals.count > signals_at_start_.count) {
      result_.outcome = RunOutcome::Interrupted;
      result_.signal = signals.last;
      stop_reason_ = signal_name(signals.last);
    } else if (deadline_ && journal_.seconds() > *deadline_) {
      result_.outcome = RunOutcome::TimedOut;
      stop_reason_ = "--max-duration " + format_duration(settings_.max_duration_s) + " ran out";
    }
    if (stop_reason_)
      journal_.write("stop", {{"reason", *stop_reason_}});
    return stop_reason_.has_value();
  }

  // Sleeps `seconds`; false as soon as the run is asked to stop.
  bool wait(double seconds) {
    const double until = journal_.seconds() + seconds;
    while (journal_.seconds() < until) {
      if (asked_to_stop())
        return false;
      std::this_thread::sleep_for(std::chrono::duration<double>(std::min(wait_slice_s, until - journal_.seconds())));
    }
    return !asked_to_stop();
  }

  void create_templates() {
    for (auto& [region, body] : run_templates(plan_, settings_.run_id)) {
      if (asked_to_stop())
        return;
      auto& run = region_run(region);
      run.template_id = create_template(client_, region, body);
      journal_.write("template", {{"region", region}, {"template_id", run.template_id}, {"status", "created"}});
      say(region + ": template " + run.template_id + " created");
    }
  }

  void start_experiments() {
    for (auto& run : result_.regions) {
      if (asked_to_stop())
        return;
      const auto experiment =
          start_experiment(client_, run.region,
                           start_request(plan_, settings_.run_id, run.region, run.template_id, settings_.skip_actions));
      run.experiment_id = experiment["id"].get<std::string>();
      if (!deadline_)
        deadline_ = journal_.seconds() + settings_.max_duration_s;
      journal_.write("experiment", {{"region", run.region},
                                    {"experiment_id", run.experiment_id},
                                    {"template_id", run.template_id},
                                    {"event", "started"}});
      say(run.region + ": experiment " + run.experiment_id + " started");
      look_at(run, experiment);
    }
  }

  // Journals what changed in an experiment as FIS describes it; true when something did.
  bool look_at(RegionRun& run, const json& experiment) {
    bool changed = false;
    const auto status = status_of(experiment);
    const auto reason = reason_of(experiment);
    if (!status.empty() && (status != run.status || reason != run.reason)) {
      run.status = status;
      run.reason = reason;
      json record{{"region", run.region}, {"experiment_id", run.experiment_id}, {"status", status}};
      if (!reason.empty())
        record["reason"] = reason;
      journal_.write("experiment", record);
      say(run.region + ": experiment " + run.experiment_id + " " + status + (reason.empty() ? "" : ": " + reason));
      changed = true;
    }
    if (experiment.contains("actions") && experiment["actions"].is_object())
      for (const auto& [name, action] : experiment["actions"].items()) {
        const auto action_status = status_of(action);
        auto& seen = actions_[run.region + " " + name];
        if (action_status.empty() || action_status == seen)
          continue;
        seen = action_status;
        json record{
            {"region", run.region}, {"experiment_id", run.experiment_id}, {"action", name}, {"status", action_status}};
        if (action.contains("actionId") && action["actionId"].is_string())
          record["action_id"] = action["actionId"];
        if (const auto action_reason = reason_of(action); !action_reason.empty())
          record["reason"] = action_reason;
        // FIS's own times, on the journal's clock: when the action really began and ended.
        for (const auto& [key, field] : {std::pair{"start_s", "startTime"}, std::pair{"end_s", "endTime"}})
          if (action.contains(field))
            if (const auto epoch = epoch_seconds(action[field]))
              record[key] = to_millisecond(*epoch - journal_.opened_epoch_s());
        journal_.write("action", record);
        if (action_status != "pending")
          say(run.region + ": action " + name + " " + action_status);
        changed = true;
      }
    return changed;
  }

  bool all_ended() const {
    return std::all_of(result_.regions.begin(), result_.regions.end(),
                       [](const RegionRun& run) { return terminal(run.status); });
  }

  void watch() {
    double pause = settings_.poll_first_s;
    while (!all_ended()) {
      if (!wait(pause))
        return;
      bool changed = false;
      for (auto& run : result_.regions)
        if (!terminal(run.status))
          changed = look_at(run, get_experiment(client_, run.region, run.experiment_id)) || changed;
      pause = changed ? settings_.poll_first_s : std::min(pause * 1.5, settings_.poll_longest_s);
    }
  }

  // Stops every experiment the run started that is still active, then waits until FIS reports them ended. Signals
  // no longer interrupt anything: they are journaled, and the stop goes on.
  void stop_all() {
    say("stopping every experiment of run " + settings_.run_id + " (" + *stop_reason_ + ")");
    int seen = received().count;
    const auto note_signals = [&] {
      const auto signals = received();
      for (; seen < signals.count; ++seen) {
        journal_.write("signal", {{"signal", signal_name(signals.last)}, {"effect", "none: the stop goes on"}});
        say(signal_name(signals.last) + " while stopping: the stop goes on");
      }
    };
    for (auto& run : result_.regions) {
      if (!active_status(run.status))
        continue;
      try {
        const auto status = stop_experiment(client_, run.region, run.experiment_id);
        run.stopped_by_run = true;
        journal_.write("experiment",
                       {{"region", run.region}, {"experiment_id", run.experiment_id}, {"event", "stop requested"}});
        say(run.region + ": experiment " + run.experiment_id + " stop requested");
        if (!status.empty() && status != run.status)
          look_at(run, {{"state", {{"status", status}}}});
      } catch (const AwsError& e) {
        // It may have ended on its own since it was last looked at; the look below tells.
        journal_.write("error", {{"message", e.what()}, {"status", e.status()}, {"error_type", e.error_type()}});
        say(run.region + ": StopExperiment failed: " + e.what());
      }
    }
    const double until = journal_.seconds() + settings_.stop_wait_s;
    while (true) {
      for (auto& run : result_.regions)
        if (active_status(run.status)) {
          try {
            look_at(run, get_experiment(client_, run.region, run.experiment_id));
          } catch (const AwsError& e) {
            journal_.write("error", {{"message", e.what()}, {"status", e.status()}, {"error_type", e.error_type()}});
          }
        }
      note_signals();
      if (all_ended() || journal_.seconds() >= until)
        break;
      const double pause_until = std::min(until, journal_.seconds() + settings_.poll_first_s);
      while (journal_.seconds() < pause_until) {
        std::this_thread::sleep_for(std::chrono::duration<double>(wait_slice_s));
        note_signals();
      }
    }
    for (const auto& run : result_.regions)
      if (active_status(run.status)) {
        result_.stop_incomplete = true;
        say(run.region + ": experiment " + run.experiment_id + " is still " + run.status + " after " +
            format_duration(settings_.stop_wait_s) + ": stop it with drsim fis stop --run-id " + settings_.run_id);
      }
  }

  void list_resolved() {
    for (const auto& run : result_.regions) {
      auto& resolved = result_.resolved[run.region];
      resolved = list_resolved_targets(client_, run.region, run.experiment_id);
      json targets = json::object();
      for (const auto& target : resolved)
        targets[target.target].push_back(target.identifier);
      journal_.write("resolved", {{"region", run.region}, {"experiment_id", run.experiment_id}, {"targets", targets}});
    }
  }

  void observe_after() {
    if (settings_.health_urls.empty() || settings_.observe_after_s <= 0)
      return;
    say("observing the application for " + format_duration(settings_.observe_after_s) + " more");
    journal_.write("observe", {{"seconds", settings_.observe_after_s}});
    // The experiments have ended: a signal now only cuts the observation short, and --max-duration no longer counts.
    const int signals = received().count;
    const double until = journal_.seconds() + settings_.observe_after_s;
    while (journal_.seconds() < until) {
      if (received().count > signals) {
        journal_.write("observe", {{"event", "cut short"}, {"signal", signal_name(received().last)}});
        say("observation cut short by " + signal_name(received().last));
        return;
      }
      std::this_thread::sleep_for(std::chrono::duration<double>(std::min(wait_slice_s, until - journal_.seconds())));
    }
  }

  void delete_templates() {
    for (const auto& run : result_.regions) {
      if (run.template_id.empty())
        continue;
      if (settings_.keep) {
        result_.kept_templates.push_back(run.region + " " + run.template_id);
        continue;
      }
      try {
        delete_template(client_, run.region, run.template_id);
        journal_.write("template", {{"region", run.region}, {"template_id", run.template_id}, {"status", "deleted"}});
        say(run.region + ": template " + run.template_id + " deleted");
      } catch (const AwsError& e) {
        result_.kept_templates.push_back(run.region + " " + run.template_id);
        journal_.write("error", {{"message", e.what()}, {"status", e.status()}, {"error_type", e.error_type()}});
        say(run.region + ": template " + run.template_id + " could not be deleted: " + e.what());
      }
    }
  }

  void decide_outcome() {
    if (result_.outcome != RunOutcome::Completed)
      return;
    for (const auto& run : result_.regions) {
      if (run.status == "failed" || run.status == "cancelled") {
        result_.outcome = RunOutcome::Failed;
        return;
      }
      if (run.status == "stopped" && !run.stopped_by_run)
        result_.outcome = RunOutcome::StoppedByCondition;
    }
  }

  RegionRun& region_run(const std::string& region) {
    return *std::find_if(result_.regions.begin(), result_.regions.end(),
                         [&](const RegionRun& run) { return run.region == region; });
  }

  const Plan& plan_;
  const RunSettings& settings_;
  AwsClient& client_;
  Journal& journal_;
  const RunHooks& hooks_;
  Prober prober_;
  DetectorWatch detectors_;
  StepWatch steps_;
  RunResult result_;
  std::optional<std::string> stop_reason_;
  StopSignals signals_at_start_ = received();
  std::optional<double> deadline_;
  std::map<std::string, std::string> actions_; //!< "REGION ACTION" -> the last status journaled
};

} // namespace

std::string_view outcome_name(RunOutcome outcome) {
  switch (outcome) {
  case RunOutcome::Completed:
    return "completed";
  case RunOutcome::StoppedByCondition:
    return "stopped by a stop condition";
  case RunOutcome::Failed:
    return "failed";
  case RunOutcome::Interrupted:
    return "interrupted";
  case RunOutcome::TimedOut:
    return "timed out";
  case RunOutcome::AwsError:
    return "AWS error";
  case RunOutcome::InternalError:
    return "internal error";
  }
  return "unknown";
}

std::string new_run_id() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
  std::random_device random;
  return fmt::format("drsim-{}-{:06x}", stamp, random() & 0xFFFFFFu);
}

std::map<std::string, json> run_templates(const Plan& plan, const std::string& run_id) {
  auto templates = plan.templates;
  for (auto& [region, body] : templates) {
    body["clientToken"] = run_id + "-" + region;
    body["tags"]["drsim:run-id"] = run_id;
  }
  return templates;
}

json start_request(const Plan& plan, const std::string& run_id, const std::string& region,
                   const std::string& template_id, bool skip_actions) {
  auto tags = plan.templates.at(region)["tags"];
  tags["drsim:run-id"] = run_id;
  json body{{"clientToken", run_id + "-" + region + "-start"}, {"experimentTemplateId", template_id}, {"tags", tags}};
  if (skip_actions)
    body["experimentOptions"] = {{"actionsMode", "skip-all"}};
  return body;
}

void journal_request(Journal& journal, const RequestAttempt& attempt) {
  json record{{"method", attempt.method},
              {"service", attempt.service},
              {"region", attempt.region},
              {"target", attempt.target},
              {"attempt", attempt.attempt},
              {"status", attempt.status},
              {"seconds", to_millisecond(attempt.seconds)}};
  if (!attempt.error_type.empty())
    record["error_type"] = attempt.error_type;
  if (!attempt.transport_error.empty())
    record["error"] = attempt.transport_error;
  if (!attempt.body.empty()) {
    auto body = json::parse(attempt.body, nullptr, false);
    record["body"] = body.is_discarded() ? json(attempt.body) : body;
  }
  journal.write("request", record);
}

RunResult run_plan(const Plan& plan, const RunSettings& settings, AwsClient& client, Journal& journal,
                   const RunHooks& hooks) {
  return Runner(plan, settings, client, journal, hooks).run();
}

} // namespace drsim::fis
