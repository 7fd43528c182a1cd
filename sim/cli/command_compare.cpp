// `drsim compare SCENARIO`: every strategy, many seeded drills each, side by side.

#include <charconv>
#include <cstdint>
#include <optional>
#include <ostream>
#include <thread>

#include <boost/program_options.hpp>

#include "reports/csv_report.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/table_report.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/evidence.hpp"
#include "sim/cli/output.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_formats.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/parameters.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/measure/objectives.hpp"
#include "sim/runs/monte_carlo.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

// "5%", "5 %" or "5": a percentage above 0 and below 100.
double parse_precision(std::string text) {
  const std::string given = text;
  while (!text.empty() && (text.back() == '%' || text.back() == ' '))
    text.pop_back();
  double percent = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), percent);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || !(percent > 0 && percent < 100))
    throw UsageError("--precision: '" + given +
                     "' is not a precision; expected a percentage above 0 and below 100, "
                     "e.g. 5%");
  return percent;
}

} // namespace

int command_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const ReportFormats formats({
      {"text", "", write_compare_text},
      {"json", "", [](std::ostream& stream, const Report& report) { write_json_report(stream, report, false); }},
      {"markdown", "", write_compare_markdown},
      {"html", "", write_compare_html},
      {"csv", "one row per drill", write_compare_csv},
      {"junit", "the objectives",
       [](std::ostream& stream, const Report& report) {
         write_junit(stream, {ScenarioCheck{report, {}, {}}});
       }},
  });
  std::string format = formats.default_name();
  std::string output;
  int runs = 0;
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string seed_text;
  bool keep_going = false;
  double drill_timeout_s = 0;
  std::string precision_text;
  int most_runs = PrecisionTarget{}.max_runs;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")("runs", po::value(&runs)->value_name("N"),
                                                              "drills per strategy (default: the scenario's \"runs\")")(
      "jobs", po::value(&jobs)->value_name("J"),
      "worker processes (default: the number of cores), of each rank under mpirun or srun; never changes the "
      "results")("seed", po::value(&seed_text)->value_name("N"), "the base seed (default: the scenario's \"seed\")")(
      "precision", po::value(&precision_text)->value_name("PCT"),
      "drill in batches (the first of --runs) until every headline figure's 95 % interval is within PCT of it, "
      "e.g. 5%")(
      "max-runs", po::value(&most_runs)->value_name("N"),
      "with --precision, stop at N drills per strategy even if some interval is still wider (default 10000)")(
      "format", one_of(&format, formats.names())->value_name("FORMAT"), formats.help().c_str())(
      "output", po::value(&output)->value_name("FILE"), "write the report to FILE instead of stdout")(
      "drill-timeout", po::value(&drill_timeout_s)->value_name("SECONDS"),
      "wall-clock seconds a drill may take; a drill past it is killed and reported (default: no limit)")(
      "keep-going", po::bool_switch(&keep_going),
      "count a drill that crashes or times out apart (failed_runs; the first 100 of a strategy are listed with their "
      "seeds) and go on, instead of stopping");
  std::vector<std::string> set_texts;
  add_set_option(visible, &set_texts);
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << "Usage: drsim compare SCENARIO [--runs N | --precision PCT [--max-runs N]]\n"
           "                     [--jobs J] [--seed N] [--format FORMAT] [--output F]\n"
           "                     [--keep-going] [--drill-timeout SECONDS]\n"
           "                     [--set PATH=VALUE]...\n\n"
           "Runs N seeded drills of every strategy of the scenario and compares them side\n"
           "by side: RTO and RPO (p50, p95), lost writes, availability and cost, each with\n"
           "its 95 % confidence interval, the objectives judged with that uncertainty, and\n"
           "a recommendation. Run i of a strategy has its own seed (see the CSV), which\n"
           "`drsim run --strategy S --seed N` replays alone. With --precision, drills run\n"
           "in batches until every headline figure's interval is that close to it (or\n"
           "--max-runs is reached); the report says which, and is the one --runs with its\n"
           "final number of drills gives. Progress goes to stderr when it is a terminal.\n\n"
        << visible
        << "\nExit codes: 0 done; 2 bad input or usage; 3 internal error or a drill that\n"
           "crashed or timed out (without --keep-going); 130/143 interrupted.\n";
    return exit_ok;
  }
  const auto& report_format = formats.find(format);
  if (!vm.count("scenario") || vm["scenario"].as<std::vector<std::string>>().size() != 1)
    throw UsageError("compare needs exactly one SCENARIO file; run `drsim compare --help`");
  if (vm.count("runs") && runs < 1)
    throw UsageError("--runs: " + std::to_string(runs) + " is out of range; expected 1 to " + std::to_string(max_runs));
  if (vm.count("runs") && runs > max_runs)
    throw UsageError("--runs: " + std::to_string(runs) + " is more than the " + std::to_string(max_runs) +
                     " drills per strategy drsim runs: " + max_runs_reason);
  if (jobs < 1 || jobs > 256)
    throw UsageError("--jobs: " + std::to_string(jobs) + " is out of range; expected 1 to 256");
  if (vm.count("max-runs") && !vm.count("precision"))
    throw UsageError("--max-runs applies to --precision; give both, or --runs alone");
  if (most_runs < 1 || most_runs > max_runs)
    throw UsageError("--max-runs: " + std::to_string(most_runs) + " is out of range; expected 1 to " +
                     std::to_string(max_runs) + " (" + max_runs_reason + ")");
  const double precision_percent = vm.count("precision") ? parse_precision(precision_text) : 0;

  const Scenario scenario =
      load_scenario(vm["scenario"].as<std::vector<std::string>>().front(), parse_settings(set_texts));
  MonteCarloOptions options;
  options.runs = vm.count("runs") ? runs : scenario.runs;
  options.jobs = static_cast<int>(std::min<std::int64_t>(
      jobs, static_cast<std::int64_t>(options.runs) * static_cast<std::int64_t>(scenario.strategies.size())));
  options.seed = vm.count("seed") ? parse_seed_option(seed_text) : scenario.seed;
  options.keep_going = keep_going;
  if (vm.count("drill-timeout")) {
    if (!(drill_timeout_s > 0 && drill_timeout_s <= 86400))
      throw UsageError("--drill-timeout: expected seconds from 0 (excluded) to 86400");
    options.drill_time_limit_s = drill_timeout_s;
  }
  ProgressLine progress(err);
  options.progress = progress.drills();
  options.drill_clock = progress.drill_clock();
  ResultOutput result(out, output);
  // CSV rows are written as the drills arrive, so that no drill is kept for them.
  std::optional<CompareCsv> csv;
  if (format == "csv") {
    csv.emplace(result.stream(), scenario.name, scenario.file,
                scenario.long_run() ? std::optional(scenario.horizon_s / seconds_per_year * seconds_per_year)
                                    : std::nullopt,
                csv_failback_columns(scenario));
    options.on_drill = [&](const DrillResult& drill) {
      csv->row(drill.strategy, drill);
      result.spill();
    };
  }
  Report report = vm.count("precision") ? run_until_precise(scenario, options, {precision_percent / 100, most_runs})
                                        : run_monte_carlo(scenario, options);
  attach_objectives(scenario, report);
  EvidenceSettings settings;
  if (vm.count("precision")) {
    settings.precision_percent = precision_percent;
    settings.max_runs = most_runs;
    settings.batch_runs = options.runs;
  }
  settings.keep_going = keep_going;
  settings.drill_timeout_s = options.drill_time_limit_s;
  report.evidence = gather_evidence(scenario, "compare", options.seed, report.runs, settings);

  if (!csv)
    report_format.write(result.stream(), report);
  result.commit();
  return exit_ok;
}

} // namespace drsim
