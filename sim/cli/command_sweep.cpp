// `drsim sweep SCENARIO --vary PATH=...`: every strategy drilled at every point of a grid (or a Latin hypercube) of
// varied values, with common random numbers across the points.

#include <algorithm>
#include <climits>
#include <cstdint>
#include <optional>
#include <ostream>
#include <set>
#include <thread>

#include <boost/program_options.hpp>

#include "reports/sweep_report.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/evidence.hpp"
#include "sim/cli/output.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_formats.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/settings.hpp"
#include "sim/input/messages.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "sim/runs/sweep.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

// Points of a sweep at most: each drills every strategy --runs times, and the reports keep a row per point and
// strategy.
constexpr std::size_t max_points = 10'000;

} // namespace

int command_sweep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const ReportFormats<SweepResult> formats({
      {"text", "", write_sweep_text},
      {"json", "", write_sweep_json},
      {"csv", "a row per point and strategy", write_sweep_csv},
      {"markdown", "", write_sweep_markdown},
      {"html", "a chart per varied parameter, a heat map for two", write_sweep_html},
  });
  std::string format = formats.default_name();
  std::string output;
  std::vector<std::string> vary_texts, set_texts, strategy_names;
  int samples = 0;
  int runs = 0;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string seed_text;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "vary", po::value(&vary_texts)->value_name("PATH=VALUES"),
      "a parameter to vary, repeatable (a grid of every combination, at most 10000 points): PATH=v1,v2,... "
      "(those values) or PATH=lo..hi/steps (steps values evenly spaced, both ends included), e.g. "
      "topology.dns.shop.ttl=30s,60s,300s")(
      "samples", po::value(&samples)->value_name("K"),
      "instead of the grid, K points of a Latin hypercube over the varied parameters (default: the grid)")(
      "strategy", po::value(&strategy_names)->value_name("NAME"),
      "drill only this strategy; repeat for more (default: every strategy)")(
      "runs", po::value(&runs)->value_name("N"),
      "drills per strategy at each point (default: the scenario's \"runs\")")(
      "jobs", po::value(&jobs)->value_name("J"),
      "worker processes (default: the number of cores); never changes the results")(
      "seed", po::value(&seed_text)->value_name("N"),
      "the base seed, the same at every point (default: the scenario's \"seed\")")(
      "format", one_of(&format, formats.names())->value_name("FORMAT"), formats.help().c_str())(
      "output", po::value(&output)->value_name("FILE"), "write the report to FILE instead of stdout");
  add_set_option(visible, &set_texts);
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << "Usage: drsim sweep SCENARIO --vary PATH=v1,v2,... | --vary PATH=lo..hi/steps\n"
           "                   [--vary ...] [--samples K] [--set PATH=VALUE]...\n"
           "                   [--strategy NAME]... [--runs N] [--jobs J] [--seed N]\n"
           "                   [--format FORMAT] [--output F]\n\n"
           "Drills every strategy N times at each point of a grid of the varied values\n"
           "(or of a Latin hypercube with --samples) and reports each point's RTO, RPO,\n"
           "availability and monthly cost with 95 % intervals, and its objectives. A PATH\n"
           "names a value of the scenario (horizon, faults.0.onset) or, after topology.,\n"
           "of its topology (topology.dns.shop.ttl). Every point drills with the same\n"
           "seeds (common random numbers): run i of a strategy draws alike at each point,\n"
           "so a difference between points is the values', not noise. Every point is read\n"
           "before the first drill, so a value a point cannot take stops the sweep at once.\n"
           "Progress goes to stderr when it is a terminal.\n\n"
        << visible
        << "\nExit codes: 0 done; 2 bad input or usage; 3 internal error or a drill that\n"
           "crashed; 130/143 interrupted.\n";
    return exit_ok;
  }
  const auto& report_format = formats.find(format);
  if (!vm.count("scenario") || vm["scenario"].as<std::vector<std::string>>().size() != 1)
    throw UsageError("sweep needs exactly one SCENARIO file; run `drsim sweep --help`");
  if (vary_texts.empty())
    throw UsageError("sweep needs at least one --vary PATH=VALUES, e.g. --vary topology.dns.shop.ttl=30s,300s");
  if (vm.count("runs") && (runs < 1 || runs > max_runs))
    throw UsageError("--runs: " + std::to_string(runs) + " is out of range; expected 1 to " + std::to_string(max_runs));
  if (jobs < 1 || jobs > 256)
    throw UsageError("--jobs: " + std::to_string(jobs) + " is out of range; expected 1 to 256");
  if (vm.count("samples") && (samples < 1 || samples > static_cast<int>(max_points)))
    throw UsageError("--samples: " + std::to_string(samples) + " is out of range; expected 1 to " +
                     std::to_string(max_points));

  std::vector<Dimension> dimensions;
  std::set<std::string> paths;
  for (const auto& text : vary_texts) {
    dimensions.push_back(parse_dimension(text, "--vary"));
    if (!paths.insert(dimensions.back().path).second)
      throw UsageError("--vary: " + dimensions.back().path + " is varied twice; give its values in one --vary");
  }
  const std::vector<Setting> fixed = parse_settings(set_texts);
  for (const auto& setting : fixed)
    if (paths.count(setting.path))
      throw UsageError("--set: " + setting.path + " is also varied (--vary); give it one or the other");
  const std::string file = vm["scenario"].as<std::vector<std::string>>().front();
  const Scenario base = only_strategies(load_scenario(file, fixed), strategy_names);

  SweepResult sweep;
  sweep.scenario = base.name;
  sweep.scenario_file = base.file;
  sweep.runs = vm.count("runs") ? runs : base.runs;
  sweep.seed = vm.count("seed") ? parse_seed_option(seed_text) : base.seed;
  sweep.dimensions = dimensions;
  sweep.fixed = fixed;
  if (vm.count("samples"))
    sweep.samples = samples;
  const std::vector<Point> points =
      sweep.samples ? latin_hypercube(dimensions, samples, sweep.seed) : grid_points(dimensions, max_points);
  const auto drills =
      static_cast<std::int64_t>(points.size()) * static_cast<std::int64_t>(base.strategies.size()) * sweep.runs;
  if (drills > INT_MAX)
    throw UsageError("the sweep would run " + std::to_string(drills) + " drills, more than the " +
                     std::to_string(INT_MAX) + " one command counts; lower --runs or the points");

  const ScenarioLoader load = [&](std::span<const Setting> settings) {
    std::vector<Setting> all = fixed;
    all.insert(all.end(), settings.begin(), settings.end());
    return only_strategies(load_scenario_file(file, all), strategy_names);
  };
  ProgressLine progress(err);
  const auto shown = progress.drills();
  SweepOptions options;
  options.runs = sweep.runs;
  options.jobs = jobs;
  options.seed = sweep.seed;
  options.progress = [&](std::int64_t done, std::int64_t total) {
    shown(static_cast<int>(done), static_cast<int>(total));
  };
  ResultOutput result(out, output);
  // A file that cannot be written is refused before the first drill, not after the last.
  result.open();
  // CSV rows are written as the points are drilled: a long sweep's first rows can be read while it runs.
  std::optional<SweepCsv> csv;
  if (format == "csv") {
    csv.emplace(result.stream(), sweep);
    options.on_point = [&](const SweepPoint& point) {
      csv->row(point);
      result.spill();
    };
  }
  sweep.points = run_sweep(load, points, options);
  sweep.evidence = gather_evidence(base, "sweep", sweep.seed, sweep.runs);

  if (!csv)
    report_format.write(result.stream(), sweep);
  result.commit();
  return exit_ok;
}

} // namespace drsim
