// `drsim optimize SCENARIO --vary PATH=VALUES...`: the cheapest configuration whose objectives hold, found by drills
// (sim/runs/optimize.hpp), reported as a scenario patch that `drsim check --set` confirms.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <ostream>
#include <thread>

#include <boost/program_options.hpp>

#include "reports/optimize_report.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/evidence.hpp"
#include "sim/cli/output.hpp"
#include "sim/cli/progress.hpp"
#include "sim/core/errors.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/measure/objectives.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "sim/runs/optimize.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

// The grid's points at most: the scenario is read once per point before the first drill, to fail at once on a value
// the format refuses, and each point is drilled at least --runs times per strategy.
constexpr std::size_t most_points = 10'000;

// The default budget, in grids: enough for every candidate to be drilled 20, 40 and 80 times (at the default --runs),
// 80 being the first that bounds a p95 from above and so can show it met.
constexpr int default_budget_grids = 7;

} // namespace

int command_optimize(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::vector<std::pair<std::string, std::function<void(std::ostream&, const OptimizeReport&)>>> formats{
      {"text", write_optimize_text},
      {"json", write_optimize_json},
      {"markdown", write_optimize_markdown},
      {"html", write_optimize_html}};
  std::vector<std::string> format_names;
  for (const auto& format : formats)
    format_names.push_back(format.first);
  std::string format = "text";
  std::string output;
  std::vector<std::string> vary_texts;
  std::vector<std::string> named_strategies;
  std::vector<std::string> set_texts;
  int runs = OptimizeOptions{}.initial_runs;
  long long budget = 0;
  int refine_rounds = OptimizeOptions{}.refine_rounds;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "vary", po::value(&vary_texts)->value_name("PATH=VALUES"),
      "a value to vary: PATH=v1,v2,... or PATH=lo..hi/steps (a range, which the search refines between its "
      "values); repeat it for each value. PATH addresses the scenario (faults.0.onset) or, under topology., its "
      "topology (topology.dns.shop.ttl)")(
      "strategy", po::value(&named_strategies)->value_name("NAME"),
      "search this strategy only; repeat it for several (default: every strategy of the scenario)")(
      "runs", po::value(&runs)->value_name("N"),
      "drills per candidate at first; a candidate that cannot tell gets twice as many, round after round (default "
      "20: enough to show a p95 beyond its target, so that clear losers cost little; showing one within it takes at "
      "least 72 drills, which the doubling reaches)")(
      "budget", po::value(&budget)->value_name("DRILLS"),
      "drills in all, re-drills included; must cover the grid (default: seven times the grid's drills, points x "
      "strategies x --runs: enough for every candidate to be drilled --runs, twice and four times as many times; at "
      "the default --runs, 80 drills are the first that can show a p95 met)")(
      "refine", po::value(&refine_rounds)->value_name("ROUNDS"),
      "rounds of midpoints between neighbouring values of a range where the verdict flips (default 3; 0: none)")(
      "jobs", po::value(&jobs)->value_name("J"),
      "worker processes (default: the number of cores); never changes the results")(
      "format", one_of(&format, format_names)->value_name("FORMAT"), "text (default), json, markdown or html")(
      "output", po::value(&output)->value_name("FILE"), "write the report to FILE instead of stdout");
  add_set_option(visible, &set_texts);
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << "Usage: drsim optimize SCENARIO --vary PATH=VALUES... [--strategy NAME]...\n"
           "                      [--runs N] [--budget DRILLS] [--refine ROUNDS]\n"
           "                      [--jobs J] [--format FORMAT] [--output F]\n"
           "                      [--set PATH=VALUE]...\n\n"
           "Finds the cheapest configuration whose objectives hold: every combination of\n"
           "the varied values (the grid) for each strategy, drilled --runs times with the\n"
           "scenario's seed and judged by the scenario's objectives as `drsim check`\n"
           "judges them (met only when the whole 95 % interval is on the target's side).\n"
           "A candidate with an objective not met is dropped; one that cannot tell yet and\n"
           "could still be the cheapest is drilled again with twice the drills until it is\n"
           "decided or the budget is spent; between neighbouring values of a range where\n"
           "the verdict flips, the midpoint is drilled too. Run i has the same seed at\n"
           "every point, so differences between points are not noise. --set values hold\n"
           "at every point, and the patch repeats them.\n\n"
           "The report gives the cheapest met candidate (ties: lower RTO p95, then the\n"
           "grid's order) as a scenario patch, the `drsim check --runs N --set ...` that\n"
           "confirms it and a JSON object of path to value, its objectives with their\n"
           "intervals and margins, the Pareto front of monthly cost, RTO p95 and RPO p95\n"
           "(HTML: with a chart), every candidate and the drills each phase spent.\n\n"
        << visible
        << "\nExit codes: 0 a configuration meets its objectives; 1 none does (the report\n"
           "names the closest); 2 bad input or usage; 3 internal error or a drill that\n"
           "crashed; 130/143 interrupted.\n";
    return exit_ok;
  }
  const auto format_entry =
      std::find_if(formats.begin(), formats.end(), [&](const auto& f) { return f.first == format; });
  if (format_entry == formats.end())
    throw UsageError("--format: unknown format '" + format + "'; expected text, json, markdown or html");
  if (!vm.count("scenario") || vm["scenario"].as<std::vector<std::string>>().size() != 1)
    throw UsageError("optimize needs exactly one SCENARIO file; run `drsim optimize --help`");
  if (vary_texts.empty())
    throw UsageError("optimize needs at least one --vary PATH=VALUES, e.g. --vary topology.dns.shop.ttl=30s,60s");
  if (runs < 2 || runs > max_runs)
    throw UsageError("--runs: " + std::to_string(runs) + " is out of range; expected 2 to " + std::to_string(max_runs) +
                     " (one drill gives no verdict)");
  if (refine_rounds < 0 || refine_rounds > 20)
    throw UsageError("--refine: " + std::to_string(refine_rounds) + " is out of range; expected 0 to 20");
  if (jobs < 1 || jobs > 256)
    throw UsageError("--jobs: " + std::to_string(jobs) + " is out of range; expected 1 to 256");
  std::vector<Dimension> dimensions;
  for (const auto& text : vary_texts) {
    dimensions.push_back(parse_dimension(text));
    for (std::size_t d = 0; d + 1 < dimensions.size(); ++d)
      if (dimensions[d].path == dimensions.back().path)
        throw UsageError("--vary: " + dimensions.back().path + " is varied twice; give its values in one --vary");
  }

  const auto fixed = parse_settings(set_texts);
  for (const auto& setting : fixed)
    for (const auto& dimension : dimensions)
      if (setting.path == dimension.path)
        throw UsageError("--set " + setting.text + ": " + setting.path + " is varied too; give it to --vary alone");
  // The settings of a point: the fixed ones, then the point's.
  const auto settings_at = [&](const Point& point) {
    std::vector<Setting> settings = fixed;
    settings.insert(settings.end(), point.settings.begin(), point.settings.end());
    return settings;
  };

  const std::string file = vm["scenario"].as<std::vector<std::string>>().front();
  const Scenario base = load_scenario(file, fixed);
  std::vector<std::string> strategies;
  for (const auto& strategy : only_strategies(base, named_strategies).strategies)
    strategies.push_back(strategy.name);
  for (const auto& strategy : strategies)
    if (std::none_of(base.objectives.begin(), base.objectives.end(), [&](const Objective& objective) {
          return objective.strategies.empty() || std::find(objective.strategies.begin(), objective.strategies.end(),
                                                           strategy) != objective.strategies.end();
        }))
      throw UsageError("strategy '" + strategy +
                       "' has no objectives in the scenario, so every configuration would meet them; give it "
                       "objectives, or leave it out with --strategy");

  // Every point of the grid is read before the first drill, so that a value the format refuses fails at once.
  const auto points = grid_points(dimensions, most_points);
  std::vector<Diagnostic> problems;
  for (const auto& point : points) {
    try {
      load_scenario_file(file, settings_at(point));
    } catch (const InputError& e) {
      for (const auto& problem : e.diagnostics())
        if (std::find(problems.begin(), problems.end(), problem) == problems.end())
          problems.push_back(problem);
    }
  }
  if (!problems.empty())
    throw InputError(problems);

  OptimizeOptions options;
  options.initial_runs = runs;
  options.refine_rounds = refine_rounds;
  options.max_runs = max_runs;
  options.budget =
      vm.count("budget") ? budget : default_budget_grids * grid_drills(points.size(), strategies.size(), runs);
  if (options.budget < 1)
    throw UsageError("--budget: " + std::to_string(budget) + " is out of range; expected a number of drills");
  ResultOutput result(out, output);
  result.open();
  ProgressLine progress(err, base.name);
  const auto drills = progress.drills();
  options.progress = [&](long long spent, long long total) {
    drills(static_cast<int>(std::min<long long>(spent, std::numeric_limits<int>::max())),
           static_cast<int>(std::min<long long>(total, std::numeric_limits<int>::max())));
  };
  const CandidateEvaluator evaluate = [&](const Point& point, const std::string& strategy, int candidate_runs) {
    Scenario scenario = load_scenario_file(file, settings_at(point));
    std::erase_if(scenario.strategies, [&](const Strategy& s) { return s.name != strategy; });
    MonteCarloOptions drill_options;
    drill_options.runs = candidate_runs;
    drill_options.jobs = std::min(jobs, candidate_runs);
    drill_options.in_workers = true;
    drill_options.seed = scenario.seed;
    Report report = run_monte_carlo(scenario, drill_options);
    attach_objectives(scenario, report);
    return std::move(report.results.front());
  };

  OptimizeReport report{
      base.name,   file, base.seed, fixed, optimize(dimensions, strategies, evaluate, options, most_points),
      std::nullopt};
  progress.erase();
  EvidenceSettings settings;
  if (strategies.size() == 1)
    settings.strategy = strategies.front();
  report.evidence = gather_evidence(base, "optimize", base.seed, runs, settings);

  format_entry->second(result.stream(), report);
  result.commit();
  return report.result.recommended ? exit_ok : exit_objective_not_met;
}

} // namespace drsim
