// `drsim fis plan SCENARIO --bindings FILE`: the scenario's faults as AWS FIS experiment templates, one per region,
// computed without touching the network.

#include <filesystem>
#include <ostream>

#include <boost/program_options.hpp>

#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/output.hpp"
#include "sim/core/errors.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/fis/plan.hpp"
#include "sim/input/scenario_reader.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

constexpr const char* fis_usage =
    "Usage: drsim fis plan SCENARIO --bindings FILE [--strategy S] [--output DIR] [--skip-unrealizable]\n";

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
      "printing the templates")(
      "skip-unrealizable", "plan the faults FIS can inject and leave the others out, instead of exit 2");
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
  if (!vm.count("scenario") || vm["scenario"].as<std::vector<std::string>>().size() != 1)
    throw UsageError("fis plan needs exactly one SCENARIO file; run `drsim fis plan --help`");
  if (bindings_file.empty())
    throw UsageError("fis plan needs --bindings FILE; run `drsim fis plan --help`");

  const Scenario scenario = load_scenario_file(vm["scenario"].as<std::vector<std::string>>().front());
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

} // namespace

int command_fis(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args.front() == "--help" || args.front() == "-h") {
    (args.empty() ? err : out) << fis_usage
                               << "\nThe AWS adapter. Subcommands:\n"
                                  "  plan    the scenario's faults as FIS experiment templates; no network\n\n"
                                  "Run `drsim fis plan --help` for its options.\n";
    return args.empty() ? exit_bad_input : exit_ok;
  }
  if (args.front() != "plan")
    throw UsageError("unknown fis subcommand '" + args.front() + "'; this drsim has: plan");
  return fis_plan(std::vector<std::string>(args.begin() + 1, args.end()), out, err);
}

} // namespace drsim
