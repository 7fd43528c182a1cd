// `drsim fis plan SCENARIO --bindings FILE`: the scenario's faults as AWS FIS experiment templates, one per region,
// computed without touching the network. `drsim fis run`: the plan run in AWS behind its guardrails, observed and
// journaled. `drsim fis stop`: stops the FIS experiments of a drsim run.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <thread>

#include <unistd.h>

#include <boost/program_options.hpp>
#include <spdlog/spdlog.h>

#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/output.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_formats.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/units.hpp"
#include "sim/core/version.hpp"
#include "sim/engine/drill.hpp"
#include "sim/fis/aws_client.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/fis/comparison.hpp"
#include "sim/fis/credentials.hpp"
#include "sim/fis/experiments.hpp"
#include "sim/fis/guardrails.hpp"
#include "sim/fis/journal.hpp"
#include "sim/fis/observation.hpp"
#include "sim/fis/plan.hpp"
#include "sim/fis/preflight.hpp"
#include "sim/fis/run.hpp"
#include "sim/fis/signals.hpp"
#include "sim/fis/timestamps.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/runs/monte_carlo.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

// The one SCENARIO file and the FILE of a required option (--bindings, --journal) every fis sub-command but stop
// needs, or a UsageError naming what is missing.
void require_scenario_and(const boost::program_options::variables_map& vm, const std::string& command,
                          const std::string& option, const std::string& value) {
  const std::string help = "; run `drsim " + command + " --help`";
  if (!vm.count("scenario") || vm["scenario"].as<std::vector<std::string>>().size() != 1)
    throw UsageError(command + " needs exactly one SCENARIO file" + help);
  if (value.empty())
    throw UsageError(command + " needs " + option + " FILE" + help);
}

constexpr const char* fis_usage =
    "Usage: drsim fis plan SCENARIO --bindings FILE [--strategy S] [--output DIR] [--skip-unrealizable]\n"
    "       drsim fis preflight SCENARIO --bindings FILE [--strategy S] [--keep] [--journal FILE]\n"
    "       drsim fis run SCENARIO --bindings FILE --confirm PLAN_HASH [--strategy S] [--max-duration D]\n"
    "                     [--allow-no-stop-condition] [--keep] [--journal FILE] [--endpoint-url URL]\n"
    "       drsim fis compare SCENARIO --journal FILE [--runs N] [--seed N] [--jobs J] [--format FORMAT]\n"
    "                     [--output FILE]\n"
    "       drsim fis stop --bindings FILE (--run-id ID | --all-drsim) [--endpoint-url URL] [--wait SECONDS]\n";

// What `fis run` exits with besides 0, 2 and 3; the guardrails' refusals are 10 to 14 (guardrails.hpp).
constexpr int exit_stopped_by_condition = 4;
constexpr int exit_experiment_failed = 5;
constexpr int exit_timed_out = 6;

double duration_option(const char* option, const std::string& text) {
  const auto seconds = parse_duration(text);
  if (!seconds)
    throw UsageError(std::string(option) + ": " + quantity_error(Quantity::Duration, text));
  return *seconds;
}

// The AWS client of the commands that make requests: credentials from the standard chain, the endpoint from
// --endpoint-url or AWS_ENDPOINT_URL, each try logged at -v.
fis::ClientOptions client_options(std::string endpoint) {
  const auto environment = fis::process_environment();
  if (endpoint.empty())
    endpoint = environment("AWS_ENDPOINT_URL").value_or("");
  fis::ClientOptions options;
  options.endpoint_url = endpoint;
  options.log = [](const std::string& line) { spdlog::info("fis: {}", line); };
  return options;
}

// The journal's first record: what is run, where, and how it will be measured.
void write_run_header(fis::Journal& journal, const char* mode, const fis::RunSettings& settings, const fis::Plan& plan,
                      const Scenario& scenario) {
  std::vector<std::string> regions;
  for (const auto& [region, body] : plan.templates)
    regions.push_back(region);
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& step : settings.steps)
    steps.push_back({{"step", step.step}, {"action", step.action}, {"target", step.target}, {"region", step.region}});
  journal.write("run", {{"drsim_fis_journal", 1},
                        {"mode", mode},
                        {"drsim_version", version},
                        {"run_id", settings.run_id},
                        {"scenario", plan.scenario},
                        {"scenario_file", scenario.file},
                        {"strategy", plan.strategy},
                        {"plan_hash", plan.hash},
                        {"started_at", fis::utc_iso8601(journal.opened_epoch_s())},
                        {"started_epoch_s", journal.opened_epoch_s()},
                        {"regions", regions},
                        {"health_urls", settings.health_urls},
                        {"probe_interval_s", settings.probe_interval_s},
                        {"route53_health_checks", settings.health_checks},
                        {"watch_interval_s", settings.detector_interval_s},
                        {"watched_steps", steps},
                        {"unwatched_steps", settings.unwatched_steps},
                        {"max_duration_s", settings.max_duration_s},
                        {"plan_duration_s", plan.duration_s},
                        {"recovery",
                         {{"success_threshold", scenario.recovery.success_threshold},
                          {"window_s", scenario.recovery.window_s}}}});
}

int refuse(fis::Journal& journal, std::ostream& err, const char* command, const fis::Refusal& refusal) {
  journal.write(
      "guardrail",
      {{"guardrail", fis::guardrail_name(refusal.guardrail)}, {"passed", false}, {"message", refusal.message}});
  err << "drsim: fis " << command << " refused (" << fis::guardrail_name(refusal.guardrail) << "): " << refusal.message
      << "\nNothing was changed in AWS; journal " << journal.path() << "\n";
  return fis::refusal_exit_code(refusal.guardrail);
}

// Credentials as the journal records them: never a secret.
nlohmann::json credentials_record(const fis::Credentials& credentials) {
  nlohmann::json record{{"source", credentials.source},
                        {"access_key_id", fis::redacted_key_id(credentials.access_key_id)},
                        {"temporary", !credentials.session_token.empty()},
                        {"renewable", static_cast<bool>(credentials.renew)}};
  if (credentials.expires_epoch_s)
    record["expires_at"] = fis::utc_iso8601(*credentials.expires_epoch_s);
  return record;
}

// A client whose every try is journaled, with credentials from the standard chain (journaled without secret; the
// AssumeRole of a role profile journaled as any request, and so is each renewal), once the credential-expiry
// guardrail passed for a run that may last `needed_s`; otherwise nullopt, with the exit code in `code`.
std::optional<fis::AwsClient> journaled_client(fis::Journal& journal, const std::string& endpoint, double needed_s,
                                               std::ostream& err, const char* command, int& code) {
  auto options = client_options(endpoint);
  options.on_attempt = [&journal](const fis::RequestAttempt& attempt) { fis::journal_request(journal, attempt); };
  options.on_renew = [&journal](const fis::Credentials& credentials, const std::string& why) {
    auto record = credentials_record(credentials);
    record["event"] = "renewed";
    record["why"] = why;
    journal.write("credentials", record);
  };
  const auto environment = fis::process_environment();
  auto credentials = fis::load_credentials(environment, options);
  if (credentials.source == "environment")
    credentials.expires_epoch_s = fis::environment_expiration(environment);
  journal.write("credentials", credentials_record(credentials));
  const double now_epoch_s = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  if (const auto refusal = fis::check_credential_expiry(credentials, now_epoch_s, needed_s)) {
    code = refuse(journal, err, command, *refusal);
    return std::nullopt;
  }
  return std::optional<fis::AwsClient>(std::in_place, std::move(credentials), std::move(options));
}

// The credentials' account once the account guardrail passed; otherwise nullopt, with the exit code in `code`.
std::optional<std::string> checked_account(fis::AwsClient& client, fis::Journal& journal, const fis::Plan& plan,
                                           const fis::Bindings& bindings, std::ostream& err, const char* command,
                                           int& code) {
  std::string account;
  try {
    account = fis::caller_account(client, plan.templates.begin()->first);
  } catch (const fis::AwsError& e) {
    journal.write("error", {{"message", e.what()}, {"status", e.status()}, {"error_type", e.error_type()}});
    err << "drsim: fis " << command << ": cannot tell the credentials' account: " << e.what()
        << "\nNothing was changed in AWS\n";
    code = exit_internal_error;
    return std::nullopt;
  }
  if (const auto refusal = fis::check_account(plan, bindings, account)) {
    code = refuse(journal, err, command, *refusal);
    return std::nullopt;
  }
  journal.write("guardrail", {{"guardrail", "all"}, {"passed", true}, {"account", account}});
  return account;
}

int fis_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string bindings_file;
  std::string strategy;
  std::string confirm;
  std::string journal_file;
  std::string endpoint;
  std::string max_duration_text = "2h";
  std::string poll_text = "30s";
  std::string probe_text = "1s";
  std::string watch_text = "10s";
  std::string observe_text;
  std::string stop_wait_text = "10m";
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")("bindings", po::value(&bindings_file)->value_name("FILE"),
                                                              "the bindings file (required)")(
      "confirm", po::value(&confirm)->value_name("PLAN_HASH"),
      "the hash of the plan that was read (drsim fis plan); without it, a terminal asks for it")(
      "strategy", po::value(&strategy)->value_name("NAME"), "the strategy that is deployed, as for fis plan")(
      "skip-unrealizable", "run the faults FIS can inject, as fis plan --skip-unrealizable planned them")(
      "max-duration", po::value(&max_duration_text)->value_name("D"),
      "refuse a plan whose longest experiment is longer, and stop everything once the run has lasted this long "
      "from its first experiment's start (default 2h)")("allow-no-stop-condition",
                                                        "run templates that have no stop-condition alarm")(
      "keep", "keep the experiment templates at the end (default: deleted)")(
      "journal", po::value(&journal_file)->value_name("FILE"),
      "the JSONL journal to create (default: RUN_ID.jsonl in the current directory)")(
      "endpoint-url", po::value(&endpoint)->value_name("URL"),
      "send the requests there instead of AWS (an emulator); AWS_ENDPOINT_URL works too")(
      "poll", po::value(&poll_text)->value_name("D"),
      "the longest wait between two looks at the experiments (default 30s); the first is 2s or this if shorter")(
      "probe-interval", po::value(&probe_text)->value_name("D"),
      "between two probes of each health URL, and the time a probe may take (default 1s)")(
      "watch-interval", po::value(&watch_text)->value_name("D"),
      "between two looks at the stop-condition alarms (CloudWatch DescribeAlarms), the bindings' "
      "route53_health_checks (GetHealthCheckStatus) and what the runbook's promote, scale and switch-dns steps "
      "change (default 10s, Route 53's fast checking interval)")(
      "observe-after", po::value(&observe_text)->value_name("D"),
      "how long the probes go on after the experiments ended (default: the scenario's recovery window)")(
      "stop-wait", po::value(&stop_wait_text)->value_name("D"),
      "how long to wait for FIS to stop the experiments after a signal or a timeout (default 10m)");
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << fis_usage
        << "\nRuns the plan in AWS: creates the templates of drsim fis plan, starts one experiment from each, watches\n"
           "them (GetExperiment) until they end while probing the bound health URLs and watching the stop-condition\n"
           "alarms and bound Route 53 health checks, then deletes the templates.\n"
           "Before any request that changes something, five guardrails must pass, each refusing with its own exit\n"
           "code: --confirm is the plan's current hash (13); every template has a stop-condition alarm unless\n"
           "--allow-no-stop-condition (11); the longest experiment fits in --max-duration (12); the credentials'\n"
           "account (STS GetCallerIdentity) is in the bindings' allowed_accounts and is every region's (10); and\n"
           "credentials that expire and cannot be renewed (AWS_CREDENTIAL_EXPIRATION) last past --max-duration and\n"
           "--stop-wait (14). An assumed role's session is renewed 5 minutes before it expires. Each run\n"
           "has a fresh run id, in its tags and clientTokens. SIGINT, SIGTERM or the end of --max-duration stop every\n"
           "experiment the run started and wait until FIS reports them stopped; another signal does not skip that.\n"
           "Every request (without its headers, so without a secret), state change and probe goes to the journal,\n"
           "line by line as it happens.\n\n"
        << visible
        << "\nExit codes: 0 every experiment completed; 2 bad input or usage; 3 an AWS error, or the journal\n"
           "could not be written (what was started is stopped); 4 an experiment was stopped by its stop condition;\n"
           "5 an experiment failed; 6 --max-duration ran out (stopped); 10-14 refused by a guardrail; 130/143\n"
           "interrupted by SIGINT/SIGTERM (stopped).\n";
    return exit_ok;
  }
  require_scenario_and(vm, "fis run", "--bindings", bindings_file);
  fis::RunSettings settings;
  settings.max_duration_s = duration_option("--max-duration", max_duration_text);
  settings.poll_longest_s = duration_option("--poll", poll_text);
  settings.probe_interval_s = duration_option("--probe-interval", probe_text);
  settings.stop_wait_s = duration_option("--stop-wait", stop_wait_text);
  settings.detector_interval_s = duration_option("--watch-interval", watch_text);
  if (settings.max_duration_s <= 0 || settings.poll_longest_s <= 0 || settings.probe_interval_s <= 0 ||
      settings.detector_interval_s <= 0)
    throw UsageError("--max-duration, --poll, --probe-interval and --watch-interval must be longer than 0");
  settings.poll_first_s = std::min(2.0, settings.poll_longest_s);
  settings.keep = vm.count("keep") > 0;

  const Scenario scenario = load_scenario(vm["scenario"].as<std::vector<std::string>>().front());
  const fis::Bindings bindings = fis::load_bindings_file(bindings_file);
  const bool skip = vm.count("skip-unrealizable") > 0;
  const fis::Plan plan = fis::make_plan(scenario, bindings, {strategy, skip});
  if ((plan.unrealizable && !skip) || plan.templates.empty()) {
    fis::write_plan_text(out, plan, false);
    err << "drsim: fis run: FIS cannot inject " << (plan.templates.empty() ? "any" : "every") << " fault of "
        << scenario.file << " (see \"not injectable\" above); nothing was run\n";
    return exit_bad_input;
  }
  settings.observe_after_s =
      observe_text.empty() ? scenario.recovery.window_s : duration_option("--observe-after", observe_text);
  settings.health_urls = bindings.health_urls;
  settings.health_checks = bindings.health_checks;
  const auto& deployed = *std::find_if(scenario.strategies.begin(), scenario.strategies.end(),
                                       [&](const Strategy& s) { return s.name == plan.strategy; });
  auto watch = fis::watched_steps(deployed, bindings);
  settings.steps = std::move(watch.steps);
  settings.unwatched_steps = std::move(watch.unwatched);
  if (confirm.empty() && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO)) {
    fis::write_plan_text(out, plan, false);
    out << "\nThis changes AWS account resources. Type the plan hash to run it: " << std::flush;
    std::getline(std::cin, confirm);
  }

  settings.run_id = fis::new_run_id();
  fis::fail_writes_past_the_file_size_limit();
  fis::Journal journal(journal_file.empty() ? settings.run_id + ".jsonl" : journal_file);
  write_run_header(journal, "run", settings, plan, scenario);
  if (const auto refusal =
          fis::check_plan(plan, {confirm, settings.max_duration_s, vm.count("allow-no-stop-condition") > 0}))
    return refuse(journal, err, "run", *refusal);
  int refused = exit_ok;
  auto client =
      journaled_client(journal, endpoint, settings.max_duration_s + settings.stop_wait_s, err, "run", refused);
  if (!client)
    return refused;
  const auto account = checked_account(*client, journal, plan, bindings, err, "run", refused);
  if (!account)
    return refused;

  out << "Run " << settings.run_id << " of scenario " << plan.scenario << ", strategy " << plan.strategy << ", plan "
      << plan.hash.substr(0, 12) << ", in account " << *account << "\n";
  out << "Journal " << journal.path() << "\n" << std::flush;
  fis::catch_stop_signals();
  fis::RunHooks hooks;
  hooks.signals = fis::stop_signals;
  hooks.say = [&out](const std::string& line) { out << "  " << line << "\n" << std::flush; };
  const auto result = fis::run_plan(plan, settings, *client, journal, hooks);

  out << "Run " << settings.run_id << ": " << fis::outcome_name(result.outcome) << "\n";
  for (const auto& region : result.regions)
    if (!region.experiment_id.empty())
      out << "  " << region.region << ": experiment " << region.experiment_id << " " << region.status
          << (region.reason.empty() ? "" : " (" + region.reason + ")") << "\n";
  for (const auto& kept : result.kept_templates)
    out << "  template kept: " << kept << "\n";
  if (!settings.health_urls.empty() && result.outcome != fis::RunOutcome::InternalError) {
    const auto observed = fis::observe(fis::read_journal(journal.path()), scenario.recovery, journal.path());
    if (!observed.measurement)
      out << "Observed: nothing to measure: " << observed.note << "\n";
    else
      out << "Observed: " << observed.probes << " probes, " << observed.failed_probes << " failed; RTO "
          << (observed.measurement->rto_s ? format_duration(*observed.measurement->rto_s)
                                          : std::string("not reached while observed"))
          << " by the scenario's recovery rule. Beside the simulation: drsim fis compare " << scenario.file
          << " --journal " << journal.path() << "\n";
    if (!observed.detectors.empty())
      out << "Detected: "
          << (observed.detected_at && observed.fault_onset
                  ? "by " + observed.detected_by + ", " +
                        format_duration(*observed.detected_at - *observed.fault_onset) + " after the fault's onset"
                  : std::string("by none of the ") + std::to_string(observed.detectors.size()) + " detectors watched")
          << "\n";
    for (const auto& step : observed.steps)
      out << "Step " << step.step << " (" << step.action << " " << step.target << "): "
          << (step.done_at && observed.fault_onset
                  ? "seen " + format_duration(*step.done_at - *observed.fault_onset) + " after the fault's onset"
                  : std::string("not seen from the fault's onset on"))
          << "\n";
  }
  for (const auto& unwatched : settings.unwatched_steps)
    out << "Not watched: step " << unwatched << "\n";
  if (result.stop_incomplete)
    err << "drsim: fis run: some experiments may still be active: drsim fis stop --bindings " << bindings_file
        << " --run-id " << settings.run_id << "\n";
  switch (result.outcome) {
  case fis::RunOutcome::Completed:
    return result.stop_incomplete ? exit_internal_error : exit_ok;
  case fis::RunOutcome::StoppedByCondition:
    return exit_stopped_by_condition;
  case fis::RunOutcome::Failed:
    return exit_experiment_failed;
  case fis::RunOutcome::TimedOut:
    return exit_timed_out;
  case fis::RunOutcome::Interrupted:
    return 128 + result.signal;
  case fis::RunOutcome::AwsError:
    err << "drsim: fis run: " << result.error << "\n";
    return exit_internal_error;
  case fis::RunOutcome::InternalError:
    err << "drsim: fis run: " << result.error << "; the run ended early"
        << (result.stop_incomplete ? "" : ", its experiments stopped")
        << (result.kept_templates.empty() ? " and its templates deleted" : "") << "\n";
    return exit_internal_error;
  }
  return exit_internal_error;
}

int fis_plan(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string bindings_file;
  std::string strategy;
  std::string output;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "bindings", po::value(&bindings_file)->value_name("FILE"),
      "the bindings file: which AWS resources stand for the topology's components (required)")(
      "strategy", po::value(&strategy)->value_name("NAME"),
      "the strategy that is deployed (default: the bindings' \"strategy\", else the scenario's only one)")(
      "output", po::value(&output)->value_name("DIR"),
      "write template-REGION.json (each a CreateExperimentTemplate request body) and plan.json into DIR instead of "
      "printing the templates")("skip-unrealizable",
                                "plan the faults FIS can inject and leave the others out, instead of exit 2");
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << fis_usage
        << "\nTurns the scenario's faults into AWS Fault Injection Service experiment templates, one per region (an\n"
           "experiment runs in one region): onsets become aws:fis:wait actions that the fault's actions start after,\n"
           "durations ISO 8601 within FIS's PT1M..PT12H. Prints, per fault, whether FIS realises it exactly,\n"
           "approximately (and how) or not at all, then the permissions the experiment role needs, the FIS cost\n"
           "estimate and the plan hash. Opens no network connection: nothing in AWS is read or changed.\n\n"
        << visible
        << "\nExit codes: 0 planned; 2 bad input or usage, or a fault FIS cannot inject (without\n"
           "--skip-unrealizable); 3 internal error.\n";
    return exit_ok;
  }
  require_scenario_and(vm, "fis plan", "--bindings", bindings_file);

  const Scenario scenario = load_scenario(vm["scenario"].as<std::vector<std::string>>().front());
  const fis::Bindings bindings = fis::load_bindings_file(bindings_file);
  const fis::Plan plan =
      fis::make_plan(scenario, bindings, {strategy, static_cast<bool>(vm.count("skip-unrealizable"))});

  if (plan.unrealizable && !vm.count("skip-unrealizable")) {
    fis::write_plan_text(out, plan, false);
    err << "drsim: fis plan: FIS cannot inject every fault of " << scenario.file
        << " (see \"not injectable\" above); nothing was written. --skip-unrealizable plans the others\n";
    return exit_bad_input;
  }
  if (plan.templates.empty()) {
    fis::write_plan_text(out, plan, false);
    err << "drsim: fis plan: FIS can inject no fault of " << scenario.file << "; nothing was written\n";
    return exit_bad_input;
  }
  if (output.empty()) {
    fis::write_plan_text(out, plan, true);
    return exit_ok;
  }
  std::error_code error;
  std::filesystem::create_directories(output, error);
  if (error)
    throw UsageError("--output: cannot create the directory '" + output + "': " + error.message());
  for (const auto& [region, body] : plan.templates) {
    ResultOutput file(out, (std::filesystem::path(output) / ("template-" + region + ".json")).string());
    file.stream() << body.dump(2) << '\n';
    file.commit();
  }
  ResultOutput summary(out, (std::filesystem::path(output) / "plan.json").string());
  summary.stream() << fis::plan_json(plan).dump(2) << '\n';
  summary.commit();
  fis::write_plan_text(out, plan, false);
  out << "\nWrote plan.json";
  for (const auto& [region, body] : plan.templates)
    out << ", template-" << region << ".json";
  out << " in " << output << "\n";
  return exit_ok;
}

int fis_preflight(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string bindings_file;
  std::string strategy;
  std::string journal_file;
  std::string endpoint;
  std::string poll_text = "10s";
  std::string wait_text = "10m";
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")("bindings", po::value(&bindings_file)->value_name("FILE"),
                                                              "the bindings file (required)")(
      "strategy", po::value(&strategy)->value_name("NAME"), "the strategy that is deployed, as for fis plan")(
      "skip-unrealizable", "check the faults FIS can inject, as fis plan --skip-unrealizable planned them")(
      "keep", "keep the experiment templates at the end (default: deleted)")(
      "journal", po::value(&journal_file)->value_name("FILE"),
      "the JSONL journal to create (default: RUN_ID.jsonl in the current directory)")(
      "endpoint-url", po::value(&endpoint)->value_name("URL"),
      "send the requests there instead of AWS (an emulator); AWS_ENDPOINT_URL works too")(
      "poll", po::value(&poll_text)->value_name("D"), "the longest wait between two looks (default 10s)")(
      "wait", po::value(&wait_text)->value_name("D"),
      "how long FIS may take to resolve the targets before the experiments are stopped (default 10m)");
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << fis_usage
        << "\nChecks the plan against the account before anything is injected: creates the templates, starts each\n"
           "with experimentOptions.actionsMode skip-all (FIS resolves every target and runs no action), lists what\n"
           "FIS resolved (ListExperimentResolvedTargets) and sets each target's count beside the topology's. The\n"
           "credentials' account must pass the account guardrail of fis run (exit 10), and credentials that expire\n"
           "must last past --wait and the stop wait (exit 14); the templates are deleted unless --keep.\n\n"
        << visible
        << "\nExit codes: 0 every target resolved to something; 1 a target resolved to nothing; 2 bad input or usage;\n"
           "3 an AWS error, or the journal could not be written; 10 refused by the account guardrail; 14 refused by\n"
           "the credential-expiry guardrail; 130/143 interrupted by SIGINT/SIGTERM.\n";
    return exit_ok;
  }
  require_scenario_and(vm, "fis preflight", "--bindings", bindings_file);
  fis::RunSettings settings;
  settings.poll_longest_s = duration_option("--poll", poll_text);
  settings.max_duration_s = duration_option("--wait", wait_text);
  if (settings.poll_longest_s <= 0 || settings.max_duration_s <= 0)
    throw UsageError("--poll and --wait must be longer than 0");
  settings.poll_first_s = std::min(2.0, settings.poll_longest_s);
  settings.keep = vm.count("keep") > 0;
  settings.skip_actions = true;

  const Scenario scenario = load_scenario(vm["scenario"].as<std::vector<std::string>>().front());
  const fis::Bindings bindings = fis::load_bindings_file(bindings_file);
  const bool skip = vm.count("skip-unrealizable") > 0;
  const fis::Plan plan = fis::make_plan(scenario, bindings, {strategy, skip});
  if ((plan.unrealizable && !skip) || plan.templates.empty()) {
    fis::write_plan_text(out, plan, false);
    err << "drsim: fis preflight: FIS cannot inject " << (plan.templates.empty() ? "any" : "every") << " fault of "
        << scenario.file << " (see \"not injectable\" above); nothing was checked\n";
    return exit_bad_input;
  }
  settings.run_id = fis::new_run_id();
  fis::fail_writes_past_the_file_size_limit();
  fis::Journal journal(journal_file.empty() ? settings.run_id + ".jsonl" : journal_file);
  write_run_header(journal, "preflight", settings, plan, scenario);
  int refused = exit_ok;
  auto client =
      journaled_client(journal, endpoint, settings.max_duration_s + settings.stop_wait_s, err, "preflight", refused);
  if (!client)
    return refused;
  const auto account = checked_account(*client, journal, plan, bindings, err, "preflight", refused);
  if (!account)
    return refused;

  out << "Preflight " << settings.run_id << " of scenario " << plan.scenario << ", strategy " << plan.strategy
      << ", in account " << *account << ": actions skipped (actionsMode skip-all)\nJournal " << journal.path() << "\n"
      << std::flush;
  fis::catch_stop_signals();
  fis::RunHooks hooks;
  hooks.signals = fis::stop_signals;
  hooks.say = [&out](const std::string& line) { out << "  " << line << "\n" << std::flush; };
  const auto result = fis::run_plan(plan, settings, *client, journal, hooks);
  for (const auto& kept : result.kept_templates)
    out << "  template kept: " << kept << "\n";
  if (result.outcome == fis::RunOutcome::Interrupted)
    return 128 + result.signal;
  if (result.outcome == fis::RunOutcome::AwsError || result.outcome == fis::RunOutcome::TimedOut ||
      result.outcome == fis::RunOutcome::InternalError) {
    err << "drsim: fis preflight: "
        << (result.outcome == fis::RunOutcome::TimedOut ? "FIS did not finish resolving the targets within --wait"
                                                        : result.error)
        << "\n";
    return exit_internal_error;
  }
  const auto checks = fis::check_targets(plan, result.resolved);
  out << "\n";
  fis::write_target_checks(out, checks);
  const bool empty = std::any_of(checks.begin(), checks.end(), [](const fis::TargetCheck& check) {
    return check.verdict == fis::TargetVerdict::Empty;
  });
  if (empty)
    err << "drsim: fis preflight: a target resolves to nothing: its fault would act on nothing; fix the bindings or "
           "the deployment before fis run\n";
  return empty ? exit_objective_not_met : exit_ok;
}

int fis_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const ReportFormats<fis::Comparison> formats({
      {"text", "", fis::write_comparison_text},
      {"json", "",
       [](std::ostream& out, const fis::Comparison& comparison) {
         out << fis::comparison_json(comparison).dump(2) << "\n";
       }},
      {"markdown", "", fis::write_comparison_markdown},
      {"html", "the observed success ratio beside the median drill's", fis::write_comparison_html},
  });
  std::string journal_file;
  std::string format = formats.default_name();
  std::string output;
  std::string seed_text;
  int runs = 0;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")("journal", po::value(&journal_file)->value_name("FILE"),
                                                              "the journal of a drsim fis run (required)")(
      "runs", po::value(&runs)->value_name("N"), "simulated drills (default: the scenario's \"runs\")")(
      "seed", po::value(&seed_text)->value_name("N"), "the base seed (default: the scenario's \"seed\")")(
      "jobs", po::value(&jobs)->value_name("J"),
      "worker processes (default: the number of cores); never changes the results")(
      "format", one_of(&format, formats.names())->value_name("FORMAT"), formats.help().c_str())(
      "output", po::value(&output)->value_name("FILE"), "write the comparison to FILE instead of stdout");
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << fis_usage
        << "\nSets what a fis run observed beside N simulated drills of the same strategy, offline: the journal's\n"
           "probes measured with the scenario's recovery rule (each health URL a client population, the fault's\n"
           "onset when FIS began its first action that is not a wait), and each figure (the RTO, the time from\n"
           "the onset to the first failure, and, when the run watched alarms or health checks, to the first of them\n"
           "turning bad, beside each drill's first alarm or failed health check, and to each runbook step the run\n"
           "watched changing the account, beside when the drill's step finished) with its percentile among the\n"
           "drills, their p5, p50 and p95, and whether it lies inside p5..p95. The same journal, scenario, runs and\n"
           "seed give the same bytes. The HTML page charts the observed success ratio beside the median drill's\n"
           "(the first whose RTO is the simulated p50, drilled again for its curve), the fault's onset, the first\n"
           "failure, the detection, the watched runbook steps seen and both recoveries marked.\n\n"
        << visible << "\nExit codes: 0 compared; 2 bad input or usage; 3 internal error.\n";
    return exit_ok;
  }
  require_scenario_and(vm, "fis compare", "--journal", journal_file);
  const auto& report_format = formats.find(format);
  if (vm.count("runs") && (runs < 1 || runs > 1'000'000))
    throw UsageError("--runs: " + std::to_string(runs) + " is out of range; expected 1 to 1000000");
  if (jobs < 1 || jobs > 256)
    throw UsageError("--jobs: " + std::to_string(jobs) + " is out of range; expected 1 to 256");

  Scenario scenario = load_scenario(vm["scenario"].as<std::vector<std::string>>().front());
  auto observed = fis::observe(fis::read_journal(journal_file), scenario.recovery, journal_file);
  if (observed.scenario != scenario.name)
    throw UsageError("the journal " + journal_file + " is of scenario '" + observed.scenario + "', not of '" +
                     scenario.name + "' (" + scenario.file + ")");
  const auto strategy = std::find_if(scenario.strategies.begin(), scenario.strategies.end(),
                                     [&](const Strategy& s) { return s.name == observed.strategy; });
  if (strategy == scenario.strategies.end())
    throw UsageError("the journal's strategy '" + observed.strategy + "' is not one of " + scenario.file);
  scenario.strategies = {*strategy};

  MonteCarloOptions options;
  options.runs = vm.count("runs") ? runs : scenario.runs;
  options.jobs = std::min(jobs, options.runs);
  options.seed = vm.count("seed") ? parse_seed_option(seed_text) : scenario.seed;
  ProgressLine progress(err);
  options.progress = progress.drills();
  options.drill_clock = progress.drill_clock();
  std::vector<fis::SimulatedFigures> simulated;
  options.on_drill = [&](const DrillResult& drill) {
    const auto since_onset = [&](const std::optional<double>& t) {
      return t ? std::optional(*t - drill.fault_onset) : std::nullopt;
    };
    std::map<std::string, double> steps;
    for (const auto& [id, done] : drill.step_done)
      steps[id] = done - drill.fault_onset;
    simulated.push_back({.impact_s = since_onset(drill.measurement.first_failure),
                         .rto_s = drill.measurement.rto_s,
                         .run = drill.run,
                         .detection_s = since_onset(drill.first_detection),
                         .step_done_s = std::move(steps)});
  };
  // The page charts the median drill, which is known only once every drill is in; the drills' series do not come
  // back from the workers, so that drill is drilled again here, by its seed, in an Engine of this process alone.
  const bool charted = format == "html";
  options.in_workers = charted;
  run_monte_carlo(scenario, options);
  auto comparison = fis::compare_observed(std::move(observed), simulated, options.seed);
  if (charted && comparison.median_drill) {
    DrillRunner runner(scenario);
    const auto& strategy_drilled = scenario.strategies.front();
    const auto drill =
        runner.run(strategy_drilled, run_seed(options.seed, strategy_drilled.name, comparison.median_drill->run));
    if (drill.measurement.rto_s != comparison.median_drill->rto_s)
      throw std::logic_error("the median drill of fis compare, drilled again, measured another RTO");
    for (const auto& [t, ratio] : worst_ratio(drill.outcomes, 0))
      comparison.median_drill->success_ratio.points.emplace_back(t - drill.fault_onset, ratio);
  }
  ResultOutput result(out, output);
  report_format.write(result.stream(), comparison);
  result.commit();
  return exit_ok;
}

// Between two looks at experiments that are stopping.
constexpr long stop_poll_s = 5;

int fis_stop(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string bindings_file;
  std::string run_id;
  std::string endpoint;
  int wait_s = 300;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")("bindings", po::value(&bindings_file)->value_name("FILE"),
                                                              "the bindings file: its regions are searched (required)")(
      "run-id", po::value(&run_id)->value_name("ID"), "stop the experiments tagged drsim:run-id=ID")(
      "all-drsim", "stop every experiment that carries a drsim:run-id tag")(
      "endpoint-url", po::value(&endpoint)->value_name("URL"),
      "send the requests there instead of AWS (an emulator); AWS_ENDPOINT_URL works too")(
      "wait", po::value(&wait_s)->value_name("SECONDS"), "how long to wait for FIS to stop them (default 300)");
  const auto vm = parse_command_line(args, visible, "extra");

  if (vm.count("help")) {
    out << fis_usage
        << "\nStops every active FIS experiment of a drsim run (found in the bindings' regions by its drsim:run-id\n"
           "tag), or of every drsim run with --all-drsim, then waits until FIS reports them stopped. Credentials come\n"
           "from the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) or the shared files\n"
           "(AWS_PROFILE); requests are signed with SigV4, retried on throttling and server errors, never on other\n"
           "client errors.\n\n"
        << visible
        << "\nExit codes: 0 stopped (or nothing to stop); 2 bad input or usage; 3 an AWS error, or\n"
           "experiments still stopping when the wait ran out.\n";
    return exit_ok;
  }
  if (vm.count("extra"))
    throw UsageError("fis stop takes no file arguments; run `drsim fis stop --help`");
  if (bindings_file.empty())
    throw UsageError("fis stop needs --bindings FILE; run `drsim fis stop --help`");
  if (run_id.empty() == !vm.count("all-drsim"))
    throw UsageError("fis stop needs exactly one of --run-id ID and --all-drsim");
  if (wait_s < 0)
    throw UsageError("--wait: must be 0 or more seconds");

  const fis::Bindings bindings = fis::load_bindings_file(bindings_file);
  const auto options = client_options(endpoint);
  fis::AwsClient client(fis::load_credentials(fis::process_environment(), options), options);
  std::vector<std::string> regions;
  for (const auto& [region, binding] : bindings.regions)
    regions.push_back(region);
  const auto stopped = fis::stop_drsim_experiments(client, regions, run_id, wait_s / stop_poll_s + 1, [] {
    std::this_thread::sleep_for(std::chrono::seconds(stop_poll_s));
  });
  const std::string whose = run_id.empty() ? "of any drsim run" : "of run " + run_id;
  if (stopped.empty()) {
    std::string searched;
    for (const auto& region : regions)
      searched += (searched.empty() ? "" : ", ") + region;
    out << "No active FIS experiment " << whose << " in " << searched << "\n";
    return exit_ok;
  }
  bool still_active = false;
  for (const auto& experiment : stopped) {
    out << experiment.region << ": experiment " << experiment.id << " (run " << experiment.run_id
        << "): " << experiment.status << "\n";
    still_active = still_active || fis::active_status(experiment.status);
  }
  if (still_active) {
    out << "Some experiments were still stopping after " << wait_s << " s: check them with aws fis get-experiment\n";
    return exit_internal_error;
  }
  return exit_ok;
}

// An AWS error of `fis stop` is reported as what AWS answered, with exit 3, not as an internal error.
int fis_stop_reporting_aws_errors(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    return fis_stop(args, out, err);
  } catch (const fis::AwsError& e) {
    err << "drsim: fis stop: " << e.what() << "\n";
    return exit_internal_error;
  }
}

} // namespace

const std::vector<std::pair<std::string, CommandEntry>>& fis_subcommands() {
  static const std::vector<std::pair<std::string, CommandEntry>> table{
      {"plan", {fis_plan, "the scenario's faults as FIS experiment templates; no network"}},
      {"preflight",
       {fis_preflight,
        "resolve the plan's targets in AWS, inject nothing, and compare their counts with the topology"}},
      {"run", {fis_run, "run the plan in AWS behind guardrails, observe and journal it"}},
      {"compare", {fis_compare, "a run's observed figures among simulated drills; offline"}},
      {"stop", {fis_stop_reporting_aws_errors, "stop the FIS experiments of a drsim run"}},
  };
  return table;
}

int command_fis(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args.front() == "--help" || args.front() == "-h") {
    auto& stream = args.empty() ? err : out;
    stream << fis_usage << "\nThe AWS adapter. Subcommands:\n";
    for (const auto& [name, entry] : fis_subcommands())
      stream << "  " << name << std::string(11 - name.size(), ' ') << entry.summary << '\n';
    stream << "\nRun `drsim fis SUBCOMMAND --help` for its options.\n";
    return args.empty() ? exit_bad_input : exit_ok;
  }
  const auto& table = fis_subcommands();
  const auto found =
      std::find_if(table.begin(), table.end(), [&](const auto& entry) { return entry.first == args.front(); });
  if (found == table.end())
    throw UsageError("unknown fis subcommand '" + args.front() +
                     "'; this drsim has: plan, preflight, run, compare, stop");
  return found->second.function(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
}

} // namespace drsim
