// `drsim fis run`: the plan's templates created, one experiment started from each, the experiments watched until
// they end while the prober observes the application, and every request, state change and probe journaled as it
// happens; meanwhile the stop-condition alarms and the bound Route 53 health checks are watched (detectors.hpp),
// and so are the runbook's promote, scale and switch-dns steps (step_watch.hpp), their changes journaled. A signal
// (SIGINT, SIGTERM) or the end of --max-duration stops every experiment the run started and waits until FIS reports
// them stopped; more signals while it stops are journaled and do not cut the stop short. So does a journal line that
// cannot be written (a full disk) or a thread of the run (a probe's, the detectors', the step watch's) that fails: the
// run cannot be recorded or watched any longer. The templates are deleted at the end unless kept. The guardrails
// (guardrails.hpp) are passed before this starts.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/fis/aws_client.hpp"
#include "sim/fis/experiments.hpp"
#include "sim/fis/journal.hpp"
#include "sim/fis/plan.hpp"
#include "sim/fis/signals.hpp"
#include "sim/fis/step_watch.hpp"
#include "sim/fis/timestamps.hpp"

namespace drsim::fis {

struct RunSettings {
  std::string run_id;
  double max_duration_s = 0; //!< from the first StartExperiment on; beyond it the run stops everything
  double poll_first_s = 2;   //!< the first wait between two looks at the experiments; half again as long after
                             //!< each look that saw no change, back to this after one that did
  double poll_longest_s = 30;
  double stop_wait_s = 600;    //!< how long to wait for FIS to report stopped experiments stopped
  double observe_after_s = 60; //!< how long the probes go on after the experiments ended
  bool keep = false;           //!< keep the templates
  std::vector<std::string> health_urls;
  double probe_interval_s = 1;
  std::vector<std::string> health_checks;   //!< Route 53 health check ids watched with the stop-condition alarms
  double detector_interval_s = 10;          //!< between two looks at the alarms, health checks and runbook steps
  std::vector<WatchedStep> steps;           //!< the runbook steps whose changes are watched (step_watch.hpp)
  std::vector<std::string> unwatched_steps; //!< the others of their actions, with why
  bool skip_actions = false; //!< actionsMode skip-all: FIS resolves the targets and injects nothing (preflight);
                             //!< the resolved targets are listed before the templates are deleted
};

struct RunHooks {
  std::function<StopSignals()> signals;        //!< the stop signals received so far
  std::function<void(const std::string&)> say; //!< one line of progress for people
};

enum class RunOutcome {
  Completed,          //!< every experiment completed
  StoppedByCondition, //!< FIS stopped an experiment: a stop-condition alarm fired
  Failed,             //!< an experiment failed or was cancelled
  Interrupted,        //!< a signal asked the run to stop; it stopped its experiments
  TimedOut,           //!< --max-duration ran out; the run stopped its experiments
  AwsError,           //!< AWS refused a request or did not answer; what was started was stopped
  InternalError,      //!< the journal could not be written or a thread of the run failed; what was started was
                      //!< stopped
};

// "completed", "stopped by a stop condition", "failed", "interrupted", "timed out", "AWS error", "internal error".
std::string_view outcome_name(RunOutcome outcome);

struct RegionRun {
  std::string region;
  std::string template_id;
  std::string experiment_id;
  std::string status; //!< the experiment's last status; empty: not started
  std::string reason; //!< FIS's reason for it
  bool stopped_by_run = false;
};

struct RunResult {
  RunOutcome outcome = RunOutcome::Completed;
  int signal = 0;
  std::string error;            //!< what AWS answered, or what failed, when the outcome is AwsError or InternalError
  bool stop_incomplete = false; //!< an experiment may still be active: StopExperiment failed or the wait ran out
  std::vector<std::string> kept_templates; //!< "REGION ID" of templates that --keep kept or that could not be deleted
  std::vector<RegionRun> regions;
  std::map<std::string, std::vector<ResolvedTarget>> resolved; //!< region -> what FIS resolved (skip_actions)
};

// A fresh run id, "drsim-YYYYMMDD-HHMMSS-xxxxxx" (UTC, then 6 random hex digits): every run has its own, so a
// clientToken of one run never matches another's.
std::string new_run_id();

// The CreateExperimentTemplate bodies of a run: the plan's, with the run's id in their clientToken and their
// drsim:run-id tag.
std::map<std::string, nlohmann::json> run_templates(const Plan& plan, const std::string& run_id);

// The StartExperiment body for a region's template: the run's clientToken and the drsim tags, and with
// `skip_actions` experimentOptions.actionsMode skip-all (FIS API reference: StartExperimentExperimentOptionsInput).
nlohmann::json start_request(const Plan& plan, const std::string& run_id, const std::string& region,
                             const std::string& template_id, bool skip_actions = false);

// Journals one try of a request: method, service, region, path and query, body, answer; never a header.
void journal_request(Journal& journal, const RequestAttempt& attempt);

RunResult run_plan(const Plan& plan, const RunSettings& settings, AwsClient& client, Journal& journal,
                   const RunHooks& hooks);

} // namespace drsim::fis
