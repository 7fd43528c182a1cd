// `drsim run SCENARIO`: one drill of one strategy (or of each), with its timeline and what it measured.

#include <ostream>

#include <boost/program_options.hpp>

#include "reports/csv_report.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/text_report.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/evidence.hpp"
#include "sim/cli/output.hpp"
#include "sim/cli/progress.hpp"
#include "sim/cli/report_formats.hpp"
#include "sim/core/errors.hpp"
#include "sim/engine/drill.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/measure/objectives.hpp"
#include "sim/measure/report.hpp"
#include "sim/runs/interruption.hpp"

namespace po = boost::program_options;

namespace drsim {

int command_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const ReportFormats formats({
      {"text", "", write_run_text},
      {"json", "", [](std::ostream& stream, const Report& report) { write_json_report(stream, report, true); }},
      {"markdown", "", write_run_markdown},
      {"html", "", write_run_html},
      {"csv", "the timeline", write_run_csv},
  });
  std::string format = formats.default_name();
  std::string output;
  std::string strategy_name;
  std::string seed_text;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")("strategy", po::value(&strategy_name)->value_name("NAME"),
                                                              "the strategy to drill (default: every strategy)")(
      "seed", po::value(&seed_text)->value_name("N"), "the drill's seed (default: the scenario's seed)")(
      "format", one_of(&format, formats.names())->value_name("FORMAT"), formats.help().c_str())(
      "output", po::value(&output)->value_name("FILE"), "write the report to FILE instead of stdout");
  std::vector<std::string> set_texts;
  add_set_option(visible, &set_texts);
  const auto vm = parse_command_line(args, visible, "scenario");

  if (vm.count("help")) {
    out << "Usage: drsim run SCENARIO [--strategy S] [--seed N] [--set PATH=VALUE]...\n"
           "                 [--format "
        << formats.choices()
        << "] [--output FILE]\n\n"
           "Runs one drill: the scenario's faults strike the strategy's topology, the\n"
           "runbook responds, and the simulated clients and data record what they\n"
           "experience. Prints the timeline of the drill on simulated time, then its RTO,\n"
           "RPO, lost writes and availability, and each objective's figure for this one\n"
           "drill against its target (one drill is one sample: no percentile verdict).\n\n"
        << visible << "\nExit codes: 0 done; 2 bad input or usage; 3 internal error.\n";
    return exit_ok;
  }
  const auto& report_format = formats.find(format);
  if (!vm.count("scenario") || vm["scenario"].as<std::vector<std::string>>().size() != 1)
    throw UsageError("run needs exactly one SCENARIO file; run `drsim run --help`");

  const Scenario scenario =
      load_scenario(vm["scenario"].as<std::vector<std::string>>().front(), parse_settings(set_texts));
  const std::uint64_t seed = vm.count("seed") ? parse_seed_option(seed_text) : scenario.seed;
  std::vector<const Strategy*> chosen;
  for (const auto& strategy : scenario.strategies)
    if (strategy_name.empty() || strategy.name == strategy_name)
      chosen.push_back(&strategy);
  if (chosen.empty()) {
    std::string names;
    for (const auto& strategy : scenario.strategies)
      names += (names.empty() ? "" : ", ") + strategy.name;
    throw UsageError("--strategy: no strategy '" + strategy_name + "' in " + scenario.file + "; it has " + names);
  }

  Report report{scenario.name, scenario.file, seed, 1, {}};
  DrillRunner runner(scenario);
  ProgressLine progress(err);
  runner.watch(stopping_at_signals(progress.drill_clock()));
  catch_interruptions();
  for (const auto* strategy : chosen) {
    report.results.push_back(summarize_strategy(scenario, *strategy, {runner.run(*strategy, seed)}));
    progress.erase();
    stop_if_interrupted();
  }
  attach_objectives(scenario, report);
  EvidenceSettings settings;
  if (!strategy_name.empty())
    settings.strategy = strategy_name;
  report.evidence = gather_evidence(scenario, "run", seed, 1, settings);

  ResultOutput result(out, output);
  report_format.write(result.stream(), report);
  result.commit();
  return exit_ok;
}

} // namespace drsim
