// `drsim check SCENARIO...`: the CI gate. Drills every strategy of each scenario, judges the scenario's objectives
// and, given baselines, looks for figures that got worse; exit status 1 when an objective is not met or a figure
// regressed.

#include <algorithm>
#include <cstdint>
#include <map>
#include <ostream>
#include <thread>

#include <boost/program_options.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "reports/junit_report.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/core/errors.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "sim/measure/objectives.hpp"
#include "sim/cli/output.hpp"
#include "sim/cli/progress.hpp"
#include "sim/input/scenario_reader.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

struct Baseline {
  std::string file;
  nlohmann::json document;
};

Baseline read_baseline(const std::string& file) {
  std::vector<Diagnostic> problems;
  auto document = read_json_file(file, problems);
  if (!document)
    throw InputError(problems);
  return {file, std::move(*document)};
}

std::string describe_tolerance(double tolerance) { return fmt::format("{:g} %", tolerance * 100); }

// Lines of text in columns as wide as their widest cell; the last column is left ragged.
void write_columns(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths.resize(std::max(widths.size(), row.size()));
      widths[i] = std::max(widths[i], row[i].size());
    }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i)
      line += i + 1 < row.size() ? row[i] + std::string(widths[i] - row[i].size() + 2, ' ') : row[i];
    out << line << '\n';
  }
}

} // namespace

int command_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string junit;
  std::vector<std::string> baseline_files;
  double tolerance_percent = 10;
  int runs = 0;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "junit", po::value(&junit)->value_name("FILE"), "also write the verdicts as JUnit XML to FILE (- for stdout)")(
      "baseline", po::value(&baseline_files)->value_name("REPORT.json"),
      "a JSON report of `drsim compare` to compare against; repeat it for several scenarios (each baseline "
      "applies to the scenario it names)")(
      "tolerance", po::value(&tolerance_percent)->value_name("PCT"),
      "how much worse than the baseline a figure may get, in percent (default 10)")(
      "runs", po::value(&runs)->value_name("N"), "drills per strategy (default: each scenario's \"runs\")")(
      "jobs", po::value(&jobs)->value_name("J"),
      "worker processes (default: the number of cores; with several scenarios at least 2); never changes the "
      "results");
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << "Usage: drsim check SCENARIO... [--junit FILE] [--baseline REPORT.json] [--tolerance PCT] [--runs N]\n"
           "                   [--jobs J]\n\n"
           "Drills every strategy of each scenario with the scenario's runs and seed, and judges its objectives.\n"
           "Prints one line per objective: scenario, strategy, objective, target, observed value and verdict.\n"
           "A statistic that falls on drills that never recovered has no value and fails its objective; a\n"
           "monthly-cost objective is not evaluated when the report has no cost. With --baseline, a figure\n"
           "(RTO, RPO and lost writes at p95, unavailability, the share of unrecovered drills, monthly cost) that\n"
           "got worse than in the baseline by more than the tolerance fails the check too, even within its\n"
           "objective.\n\n"
        << visible
        << "\nExit codes: 0 every objective met and no regression; 1 an objective not met or a figure regressed;\n"
           "2 bad input or usage (also a baseline of another scenario or without a strategy); 3 internal error.\n";
    return exit_ok;
  }
  if (!vm.count("scenario"))
    throw UsageError("check needs at least one SCENARIO file; run `drsim check --help`");
  if (!(tolerance_percent >= 0 && tolerance_percent <= 1000))
    throw UsageError("--tolerance: " + std::to_string(tolerance_percent) +
                     " is out of range; expected a percentage from 0 to 1000");
  if (vm.count("runs") && (runs < 1 || runs > 10'000'000))
    throw UsageError("--runs: " + std::to_string(runs) + " is out of range; expected 1 to 10000000");
  if (jobs < 1 || jobs > 256)
    throw UsageError("--jobs: " + std::to_string(jobs) + " is out of range; expected 1 to 256");
  const double tolerance = tolerance_percent / 100;

  // Every input is read and matched before the first drill, so that a typo fails at once, not after minutes.
  std::vector<Scenario> scenarios;
  std::vector<Diagnostic> problems;
  for (const auto& file : vm["scenario"].as<std::vector<std::string>>()) {
    try {
      scenarios.push_back(load_scenario_file(file));
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
    const auto scenario = std::find_if(scenarios.begin(), scenarios.end(),
                                       [&](const Scenario& s) { return s.name == named; });
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
      throw InputError({{file, "/scenario",
                         "the baseline is of scenario \"" + named + "\", which is none of the checked scenarios (" +
                             names + ")"}});
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
    // One line per scenario.
    options.progress = progress_printer(err, {.label = scenario.name, .every = 100});
    ScenarioCheck check{run_monte_carlo(scenario, options), {}, {}};
    attach_objectives(scenario, check.report);
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

  int met = 0, failed = 0, skipped = 0, regressed = 0, compared = 0;
  std::vector<std::vector<std::string>> rows{{"scenario", "strategy", "objective", "target", "observed", "verdict"}};
  for (const auto& check : checks) {
    const auto& scenario = check.report.scenario;
    for (const auto& r : check.report.results)
      for (const auto& o : r.objectives) {
        rows.push_back({scenario, r.strategy, objective_label(o.metric, o.stat), format_target(o.metric, o.target),
                        format_observed(o), verdict_text(o) + (o.note.empty() ? "" : " (" + o.note + ")")});
        (o.met ? (*o.met ? met : failed) : skipped) += 1;
      }
    for (const auto& b : check.baseline) {
      rows.push_back({scenario, b.strategy, "baseline " + b.figure,
                      "within " + describe_tolerance(*check.tolerance) + " of " + b.baseline,
                      b.current + " (" + format_change(b.change) + ")", b.regressed ? "REGRESSED" : "ok"});
      ++compared;
      regressed += b.regressed;
    }
  }
  write_columns(out, rows);
  const bool passed = failed == 0 && regressed == 0;
  out << "\ndrsim check: " << met + failed + skipped << " objectives: " << met << " met, " << failed << " not met";
  if (skipped > 0)
    out << ", " << skipped << " not evaluated";
  if (!baselines.empty())
    out << "; " << compared << " baseline figures: " << regressed << " regressed";
  out << ". " << (passed ? "Passed." : "FAILED.") << '\n';

  if (!junit.empty()) {
    ResultOutput result(out, junit, "--junit");
    write_junit(result.stream(), checks);
    result.commit();
  }
  return passed ? exit_ok : exit_objective_not_met;
}

} // namespace drsim
