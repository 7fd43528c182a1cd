// `drsim check SCENARIO...`: the CI gate. Drills every strategy of each scenario, judges the scenario's objectives
// and, given baselines, looks for figures that got worse; exit status 1 when an objective is not met or a figure
// regressed.

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <ostream>
#include <thread>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "reports/check_report.hpp"
#include "reports/junit_report.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/evidence.hpp"
#include "sim/cli/evidence_pack.hpp"
#include "sim/cli/output.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/source_lines.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/version.hpp"
#include "sim/history/store.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/measure/objectives.hpp"
#include "sim/runs/monte_carlo.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

struct Baseline {
  std::string file;
  nlohmann::json document;
};

// The commit a CI job checks, from the variables GitHub Actions and GitLab CI set.
std::string commit_from_environment() {
  for (const char* variable : {"GITHUB_SHA", "CI_COMMIT_SHA"})
    if (const char* value = std::getenv(variable); value && *value)
      return value;
  return "";
}

Baseline read_baseline(const std::string& file) {
  std::vector<Diagnostic> problems;
  auto document = read_json_file(file, problems);
  if (!document)
    throw InputError(problems);
  return {file, std::move(*document)};
}

} // namespace

int command_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string junit;
  std::string annotations;
  std::string history;
  std::string evidence_directory;
  std::string commit = commit_from_environment();
  std::vector<std::string> baseline_files;
  double tolerance_percent = 10;
  int runs = 0;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "junit", po::value(&junit)->value_name("FILE"), "also write the verdicts as JUnit XML to FILE (- for stdout)")(
      "annotations", one_of(&annotations, {"github"})->value_name("FORMAT"),
      "also print each objective that fails as a CI annotation on its line of the scenario file: github "
      "(workflow commands, ::error file=...,line=...::)")(
      "baseline", po::value(&baseline_files)->value_name("REPORT.json"),
      "a JSON report of `drsim compare` to compare against; repeat it for several scenarios (each baseline "
      "applies to the scenario it names)")(
      "history", po::value(&history)->value_name("FILE"),
      "also append every objective's figure and verdict to the SQLite history FILE (created when absent), with "
      "the scenario's hash, drsim's version and the commit; `drsim history FILE` prints them")(
      "evidence", po::value(&evidence_directory)->value_name("DIR"),
      "also write an evidence pack into DIR (new or empty): per scenario the JSON and HTML reports, the verdicts "
      "and copies of the inputs, with a README.md and a MANIFEST.sha256 that `sha256sum -c` verifies")(
      "commit", po::value(&commit)->value_name("SHA"),
      "the commit checked, for the history (default: $GITHUB_SHA or $CI_COMMIT_SHA)")(
      "tolerance", po::value(&tolerance_percent)->value_name("PCT"),
      "how much worse than the baseline a figure may get, in percent (default 10)")(
      "runs", po::value(&runs)->value_name("N"), "drills per strategy (default: each scenario's \"runs\")")(
      "jobs", po::value(&jobs)->value_name("J"),
      "worker processes (default: the number of cores; with several scenarios at least 2); never changes the "
      "results");
  std::vector<std::string> set_texts;
  add_set_option(visible, &set_texts);
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << "Usage: drsim check SCENARIO... [--junit FILE] [--annotations github]\n"
           "                   [--baseline REPORT.json] [--tolerance PCT] [--runs N]\n"
           "                   [--jobs J] [--history FILE [--commit SHA]] [--evidence DIR]\n"
           "                   [--set PATH=VALUE]...\n\n"
           "Drills every strategy of each scenario with the scenario's runs and seed, and\n"
           "judges its objectives: per scenario and strategy, one line per objective with\n"
           "its target, the observed value, its 95 % interval and the verdict.\n\n"
           "  met          the value and its whole interval are within the target\n"
           "  NOT MET      both are beyond it\n"
           "  cannot tell  the interval straddles the target: more drills would decide;\n"
           "               this fails the check (JUnit: a failure of type \"cannot tell\"),\n"
           "               since a gate passes only what the drills show to hold\n\n"
           "Each objective that fails names its worst drill, its seed and the command that\n"
           "replays it (drsim run SCENARIO --strategy S --seed N), here and in JUnit.\n\n"
           "A statistic that falls on drills that never recovered has no value and fails\n"
           "its objective; a monthly-cost objective is not evaluated (JUnit: skipped) when\n"
           "the report has no cost. With --baseline, a figure (RTO, RPO and lost writes at\n"
           "p95, unavailability, the share of unrecovered drills, monthly cost) that got\n"
           "worse than in the baseline by more than the tolerance fails the check too, even\n"
           "within its objective.\n\n"
        << visible
        << "\nExit codes: 0 every objective met and no regression; 1 an objective not met or\n"
           "undecided, or a figure regressed; 2 bad input or usage (also a baseline of\n"
           "another scenario or without a strategy); 3 internal error.\n";
    return exit_ok;
  }
  if (!vm.count("scenario"))
    throw UsageError("check needs at least one SCENARIO file; run `drsim check --help`");
  if (vm.count("annotations") && annotations != "github")
    throw UsageError("--annotations: unknown format '" + annotations + "'; expected github");
  if (!(tolerance_percent >= 0 && tolerance_percent <= 1000))
    throw UsageError("--tolerance: " + std::to_string(tolerance_percent) +
                     " is out of range; expected a percentage from 0 to 1000");
  if (vm.count("runs") && runs < 1)
    throw UsageError("--runs: " + std::to_string(runs) + " is out of range; expected 1 to " + std::to_string(max_runs));
  if (vm.count("runs") && runs > max_runs)
    throw UsageError("--runs: " + std::to_string(runs) + " is more than the " + std::to_string(max_runs) +
                     " drills per strategy drsim runs: " + max_runs_reason);
  if (jobs < 1 || jobs > 256)
    throw UsageError("--jobs: " + std::to_string(jobs) + " is out of range; expected 1 to 256");
  const double tolerance = tolerance_percent / 100;
  if (!evidence_directory.empty())
    refuse_used_directory(evidence_directory);

  // Every input is read and matched before the first drill, so that a typo fails at once, not after minutes.
  std::vector<Scenario> scenarios;
  std::vector<Diagnostic> problems;
  const auto settings = parse_settings(set_texts);
  for (const auto& file : vm["scenario"].as<std::vector<std::string>>()) {
    try {
      scenarios.push_back(load_scenario(file, settings));
    } catch (const InputError& e) {
      problems.insert(problems.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  if (!problems.empty())
    throw InputError(problems);
  std::map<std::string, Baseline> baselines; // by scenario name
  for (const auto& file : baseline_files) {
    auto baseline = read_baseline(file);
    const auto& document = baseline.document;
    const std::string named = document.is_object() && document.contains("scenario") && document["scenario"].is_string()
                                  ? document["scenario"].get<std::string>()
                                  : "";
    const auto scenario =
        std::find_if(scenarios.begin(), scenarios.end(), [&](const Scenario& s) { return s.name == named; });
    std::vector<std::string> strategies;
    if (scenario != scenarios.end())
      for (const auto& strategy : scenario->strategies)
        strategies.push_back(strategy.name);
    // With one scenario, its own name makes the clearest message about a baseline of another scenario.
    const auto& against = scenario != scenarios.end() ? *scenario : scenarios.front();
    if (scenario == scenarios.end() && scenarios.size() > 1 && !named.empty()) {
      std::string names;
      for (const auto& s : scenarios)
        names += (names.empty() ? "\"" : ", \"") + s.name + "\"";
      throw InputError(
          {{file, "/scenario",
            "the baseline is of scenario \"" + named + "\", which is none of the checked scenarios (" + names + ")"}});
    }
    check_baseline(document, file, against.name, against.file, strategies);
    if (baselines.count(named))
      throw UsageError("--baseline: " + baselines[named].file + " and " + file + " are both of scenario \"" + named +
                       "\"; give one baseline per scenario");
    baselines.emplace(named, std::move(baseline));
  }

  std::vector<ScenarioCheck> checks;
  for (const auto& scenario : scenarios) {
    MonteCarloOptions options;
    options.runs = vm.count("runs") ? runs : scenario.runs;
    options.jobs = static_cast<int>(std::min<std::int64_t>(
        jobs, static_cast<std::int64_t>(options.runs) * static_cast<std::int64_t>(scenario.strategies.size())));
    // SimGrid allows one Engine per process and never lets a second one configure itself: with several scenarios,
    // the drills of each run in worker processes, so this process creates none.
    if (scenarios.size() > 1)
      options.jobs = std::max(options.jobs, 2);
    options.seed = scenario.seed;
    ProgressLine progress(err, scenario.name);
    options.progress = progress.drills();
    options.drill_clock = progress.drill_clock();
    ScenarioCheck check{run_monte_carlo(scenario, options), {}, {}};
    attach_objectives(scenario, check.report);
    check.report.evidence = gather_evidence(scenario, "check", options.seed, options.runs);
    if (scenario.objectives.empty())
      spdlog::warn("{}: the scenario sets no objectives, so nothing is checked", scenario.file);
    if (const auto found = baselines.find(scenario.name); found != baselines.end()) {
      const auto& document = found->second.document;
      if (document.value("runs", nlohmann::json()) != options.runs ||
          document.value("seed", nlohmann::json()) != options.seed)
        spdlog::warn("{}: the baseline ran {} drills per strategy with seed {}, this check {} with seed {}: the "
                     "figures differ by sampling too",
                     found->second.file, document.value("runs", nlohmann::json()).dump(),
                     document.value("seed", nlohmann::json()).dump(), options.runs, options.seed);
      check.baseline = compare_with_baseline(check.report, document, found->second.file, tolerance);
      check.tolerance = tolerance;
    }
    checks.push_back(std::move(check));
  }

  if (!history.empty()) {
    const auto when = recorded_at();
    for (std::size_t i = 0; i < checks.size(); ++i) {
      const auto& report = checks[i].report;
      const CheckIdentity identity{.recorded_at = when,
                                   .scenario = report.scenario,
                                   .scenario_sha256 = scenario_sha256(report.scenario_file),
                                   .drsim_version = version,
                                   .commit = commit,
                                   .runs = report.runs,
                                   .seed = report.seed};
      append_to_history(history, identity, report);
    }
  }
  write_check_text(out, checks);
  const bool passed = check_passed(checks);
  if (!annotations.empty()) {
    std::vector<std::vector<std::size_t>> lines;
    for (const auto& check : checks) {
      std::vector<Diagnostic> unread; // the file was read once already; a line is only a pointer into it
      const auto text = read_text_file(check.report.scenario_file, unread);
      lines.push_back(text ? objective_lines(*text) : std::vector<std::size_t>{});
    }
    write_github_annotations(out, checks, lines);
  }

  if (!junit.empty()) {
    ResultOutput result(out, junit, "--junit");
    write_junit(result.stream(), checks);
    result.commit();
  }
  if (!evidence_directory.empty())
    write_evidence_pack(evidence_directory, checks);
  return passed ? exit_ok : exit_objective_not_met;
}

} // namespace drsim
