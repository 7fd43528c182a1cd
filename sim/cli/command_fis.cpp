// `drsim fis plan SCENARIO --bindings FILE`: the scenario's faults as AWS FIS experiment templates, one per region,
// computed without touching the network. `drsim fis stop`: stops the FIS experiments of a drsim run.

#include <chrono>
#include <filesystem>
#include <ostream>
#include <thread>

#include <boost/program_options.hpp>
#include <spdlog/spdlog.h>

#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/output.hpp"
#include "sim/core/errors.hpp"
#include "sim/fis/aws_client.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/fis/credentials.hpp"
#include "sim/fis/experiments.hpp"
#include "sim/fis/plan.hpp"
#include "sim/input/scenario_reader.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

constexpr const char* fis_usage =
    "Usage: drsim fis plan SCENARIO --bindings FILE [--strategy S] [--output DIR] [--skip-unrealizable]\n"
    "       drsim fis stop --bindings FILE (--run-id ID | --all-drsim) [--endpoint-url URL] [--wait SECONDS]\n";

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

// Between two looks at experiments that are stopping.
constexpr long stop_poll_s = 5;

int fis_stop(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string bindings_file;
  std::string run_id;
  std::string endpoint;
  int wait_s = 300;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "bindings", po::value(&bindings_file)->value_name("FILE"), "the bindings file: its regions are searched (required)")(
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
        << visible << "\nExit codes: 0 stopped (or nothing to stop); 2 bad input or usage; 3 an AWS error, or\n"
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
  const auto environment = fis::process_environment();
  if (endpoint.empty())
    endpoint = environment("AWS_ENDPOINT_URL").value_or("");
  fis::ClientOptions options;
  options.endpoint_url = endpoint;
  options.log = [](const std::string& line) { spdlog::info("fis: {}", line); };
  fis::AwsClient client(fis::load_credentials(environment), options);
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
    out << experiment.region << ": experiment " << experiment.id << " (run " << experiment.run_id << "): "
        << experiment.status << "\n";
    still_active = still_active || fis::active_status(experiment.status);
  }
  if (still_active) {
    out << "Some experiments were still stopping after " << wait_s << " s: check them with aws fis get-experiment\n";
    return exit_internal_error;
  }
  return exit_ok;
}

} // namespace

int command_fis(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  if (args.empty() || args.front() == "--help" || args.front() == "-h") {
    (args.empty() ? err : out) << fis_usage
                               << "\nThe AWS adapter. Subcommands:\n"
                                  "  plan    the scenario's faults as FIS experiment templates; no network\n"
                                  "  stop    stop the FIS experiments of a drsim run\n\n"
                                  "Run `drsim fis SUBCOMMAND --help` for its options.\n";
    return args.empty() ? exit_bad_input : exit_ok;
  }
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (args.front() == "plan")
    return fis_plan(rest, out, err);
  if (args.front() != "stop")
    throw UsageError("unknown fis subcommand '" + args.front() + "'; this drsim has: plan, stop");
  try {
    return fis_stop(rest, out, err);
  } catch (const fis::AwsError& e) {
    err << "drsim: fis stop: " << e.what() << "\n";
    return exit_internal_error;
  }
}

} // namespace drsim
