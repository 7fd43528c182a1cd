// `drsim train SCENARIO --strategy S`: a game day. The drill runs with the runbook's manual steps left to a trainee,
// who types them at a terminal on a clock paced to the wall clock, or gives them in a script; then the debrief sets
// the session's figures beside the automated runbook's over many drills and the scenario's objectives.

#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>
#include <ostream>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>
#include <unistd.h>

#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/output.hpp"
#include "sim/cli/report_formats.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/units.hpp"
#include "sim/engine/drill.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/messages.hpp"
#include "sim/measure/objectives.hpp"
#include "sim/measure/report.hpp"
#include "sim/runs/interruption.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "sim/training/debrief.hpp"
#include "sim/training/record.hpp"
#include "sim/training/script.hpp"
#include "sim/training/served_console.hpp"
#include "sim/training/session.hpp"
#include "sim/training/terminal.hpp"
#include "sim/training/view_server.hpp"
#include "sim/training/view_state.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace drsim {
namespace {

std::string read_input(const std::string& path) {
  std::vector<Diagnostic> problems;
  auto text = read_text_file(path, problems);
  if (!text)
    throw InputError(std::move(problems));
  return *text;
}

// The automated runbook's drills, run in forked workers so that the session's drill has the process's one Engine.
StrategyReport automated_baseline(const Scenario& scenario, const Strategy& strategy, int runs, std::uint64_t seed) {
  Scenario alone = scenario;
  alone.strategies = {strategy};
  MonteCarloOptions options;
  options.runs = runs;
  options.seed = seed;
  options.jobs = 2;
  options.drill_time_limit_s = 3600;
  auto report = run_monte_carlo(alone, options);
  attach_objectives(alone, report);
  return std::move(report.results.front());
}

// The room reads the debrief on the page while the facilitator talks it through: at a terminal until Enter, else
// until Ctrl-C or SIGTERM; either way at most `serve_for` seconds when given.
void serve_debrief(const std::string& url, TerminalConsole* console, std::optional<double> serve_for,
                   std::ostream& err) {
  const auto limit = serve_for ? " (at most " + format_duration(*serve_for) + ")" : std::string();
  if (console && !console->closed()) {
    err << "The browser view shows the debrief at " << url << "; press Enter to stop serving it" << limit << ".\n"
        << std::flush;
    console->read_line(serve_for.value_or(-1));
    return;
  }
  // The session's Engine put SimGrid's SIGINT handler in place of drsim's.
  catch_interruptions();
  err << "The browser view shows the debrief at " << url << "; Ctrl-C or SIGTERM stops serving it" << limit << ".\n"
      << std::flush;
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(serve_for.value_or(0));
  while (interruption_signal() == 0 && (!serve_for || std::chrono::steady_clock::now() < until))
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  err << "Stopped serving the browser view.\n" << std::flush;
}

} // namespace

int command_train(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string strategy_name;
  std::string seed_text;
  std::string script_file;
  std::string replay_file;
  std::string record_file;
  std::string output;
  std::string format = "text";
  std::string serve;
  double speed = 60;
  double serve_for = 0;
  int runs = 0;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "strategy", po::value(&strategy_name)->value_name("NAME"),
      "the strategy whose runbook the trainee follows (default: the scenario's only strategy)")(
      "seed", po::value(&seed_text)->value_name("N"), "the drill's seed (default: the scenario's seed)")(
      "speed", po::value(&speed)->value_name("X"),
      "simulated seconds per wall-clock second at a terminal (default 60; `speed N` changes it in the session)")(
      "to-horizon",
      "at a terminal or with --serve, go on after the service recovers until the drill's horizon (or `end`), so that "
      "the facilitator can strike again; the debrief measures the same (default: the session ends at the recovery)")(
      "script", po::value(&script_file)->value_name("FILE"),
      "commands at simulated times instead of a terminal: lines \"at 12m COMMAND\" or \"after ALERT [+30s] COMMAND\"")(
      "replay", po::value(&replay_file)->value_name("RECORD"),
      "replay a session record (--record): the same commands at the same simulated times")(
      "record", po::value(&record_file)->value_name("FILE"),
      "write the session record (every command with its simulated time) to FILE")(
      "runs", po::value(&runs)->value_name("N"),
      "drills of the automated runbook to set the session beside (default: the scenario's runs)")(
      "format", one_of(&format, {"text", "json", "html"})->value_name("FORMAT"),
      "the debrief's format: text, json, or html (the debrief, then the session's drill as `run` draws it: its "
      "chart with the alerts and the trainee's actions marked, and its timeline) (default text)")(
      "output", po::value(&output)->value_name("FILE"), "write the debrief to FILE instead of stdout")(
      "serve", po::value(&serve)->value_name("HOST:PORT"),
      "serve a browser view of the session at http://HOST:PORT/ (such as 127.0.0.1:8080): the live chart, alerts, "
      "timeline and a command box; commands come from the page and from the terminal (a standard input that is not "
      "one is not read). 0.0.0.0 shares it with the whole network, without authentication; after the drill it serves "
      "the debrief until Enter at a terminal, else until Ctrl-C or SIGTERM")(
      "serve-for", po::value(&serve_for)->value_name("SECONDS"),
      "with --serve: stop serving the debrief SECONDS after the drill at the latest (default: no limit)");
  const auto vm = parse_command_line(args, visible, "scenario");
  if (vm.count("help")) {
    out << "Usage: drsim train SCENARIO --strategy S [--speed 60] [--to-horizon] [--seed N]\n"
           "                   [--script FILE] [--record FILE] [--runs N]\n"
           "                   [--format text|json|html] [--output FILE]\n"
           "                   [--serve HOST:PORT [--serve-for SECONDS]]\n"
           "       drsim train --replay RECORD [--format text|json|html] [--output FILE]\n\n"
           "A game day: the scenario's faults strike, alerts fire, and the trainee does the\n"
           "runbook's manual steps (and every step after one) by commands, while its\n"
           "automated steps run as in a drill. At a terminal the simulated clock runs at\n"
           "--speed; with --script, or commands on a standard input that is not a\n"
           "terminal, each command takes effect at its simulated time. At a terminal the\n"
           "session ends when the service has recovered (unless --to-horizon), and a\n"
           "command given after the end is answered with when it ended. The debrief on\n"
           "stdout sets the session's RTO, RPO, lost writes and availability beside the\n"
           "automated runbook's distribution and the scenario's objectives. The session\n"
           "screen (alerts, consoles, views) goes to stderr.\n\n"
        << visible << "\nCommands in the session:\n"
        << command_help() << "\nExit codes: 0 done; 2 bad input or usage; 3 internal error.\n";
    return exit_ok;
  }
  if (format != "text" && format != "json" && format != "html")
    throw UsageError("--format: " + in_quotes(format) + " is not a debrief format; expected text, json or html");
  if (!(speed > 0))
    throw UsageError("--speed: expected more than 0 simulated seconds per wall-clock second");
  if (vm.count("runs") && runs < 1)
    throw UsageError("--runs: expected at least 1 drill");
  const auto scenarios =
      vm.count("scenario") ? vm["scenario"].as<std::vector<std::string>>() : std::vector<std::string>{};

  std::optional<SessionRecord> replay;
  if (!replay_file.empty()) {
    if (!scenarios.empty() || !script_file.empty() || vm.count("strategy") || vm.count("seed") || vm.count("runs"))
      throw UsageError("--replay takes its scenario, strategy, seed, runs and commands from the record; give none of "
                       "SCENARIO, --strategy, --seed, --runs or --script with it");
    replay = read_record(read_input(replay_file), replay_file);
  } else if (scenarios.size() != 1) {
    throw UsageError("train needs exactly one SCENARIO file; run `drsim train --help`");
  }
  if (!script_file.empty() && !replay_file.empty())
    throw UsageError("--script and --replay both give the commands; choose one");
  if (!serve.empty() && (!script_file.empty() || replay))
    throw UsageError("--serve shows a session played live, from the page or the terminal; it cannot be given with "
                     "--script or --replay (their drill is drawn by --format html)");
  if (vm.count("serve-for") && serve.empty())
    throw UsageError("--serve-for: it limits how long --serve shows the debrief; give --serve HOST:PORT too");
  if (vm.count("serve-for") && !(serve_for > 0))
    throw UsageError("--serve-for: expected more than 0 seconds");
  const auto address = serve.empty() ? std::optional<ServeAddress>() : parse_serve_address(serve);

  // A record names its scenario relative to the record's own folder, so that the two travel together.
  const Scenario scenario =
      load_scenario(replay ? (fs::path(replay_file).parent_path() / replay->scenario_file).lexically_normal().string()
                           : scenarios.front());
  if (replay && replay->scenario_sha256 != scenario.file_sha256)
    throw InputError({{replay_file, "/scenario_sha256",
                       "the scenario " + scenario.file +
                           " changed since the session was recorded; a replay needs "
                           "the same bytes"}});
  if (replay)
    strategy_name = replay->strategy;
  const Strategy* strategy = nullptr;
  std::vector<std::string> names;
  for (const auto& candidate : scenario.strategies) {
    names.push_back(candidate.name);
    if (candidate.name == strategy_name || (strategy_name.empty() && scenario.strategies.size() == 1))
      strategy = &candidate;
  }
  if (!strategy)
    throw UsageError(strategy_name.empty()
                         ? "--strategy: " + scenario.file + " has " + count_of(names.size(), "strategy", "strategies") +
                               "; choose one: " + join_alternatives(names)
                         : "--strategy: no strategy " + in_quotes(strategy_name) + " in " + scenario.file +
                               suggestion(strategy_name, names));
  const std::uint64_t seed = replay ? replay->seed : vm.count("seed") ? parse_seed_option(seed_text) : scenario.seed;
  if (!replay && !vm.count("runs"))
    runs = scenario.runs;
  if (replay)
    runs = replay->runs;

  // Bound before any drill, so that a port in use is refused at once.
  std::optional<ViewState> view;
  std::optional<ViewServer> server;
  if (address) {
    view.emplace(ViewSetup{scenario.name, strategy->name, scenario.recovery.success_threshold, scenario.horizon_s});
    server.emplace(*view, *address);
  }

  std::vector<ScriptEntry> script;
  std::optional<TerminalConsole> console;
  if (replay) {
    script = record_script(*replay, replay_file, *strategy);
    for (std::size_t i = 0; i < replay->commands.size(); ++i)
      if (replay->commands[i].at > scenario.horizon_s)
        throw InputError({{replay_file, "/commands/" + std::to_string(i) + "/at_s",
                           "after the drill's horizon of " + format_duration(scenario.horizon_s) +
                               ": no session recorded a command then"}});
  } else if (!script_file.empty())
    script = read_script(read_input(script_file), script_file, *strategy);
  else if (!::isatty(STDIN_FILENO) && !view)
    script = read_script(std::string(std::istreambuf_iterator<char>(std::cin), {}), "standard input", *strategy);
  else if (::isatty(STDIN_FILENO))
    console.emplace(STDIN_FILENO);
  if (vm.count("to-horizon") && !console && !view)
    throw UsageError("--to-horizon: a scripted or replayed session runs to the drill's horizon already (unless its "
                     "commands say end); give it at a terminal or with --serve");

  // Before the session's Engine exists: the automated runbook's drills run in forked workers.
  auto baseline = automated_baseline(scenario, *strategy, runs, scenario.seed);

  SessionOptions options;
  options.speed = speed;
  options.to_horizon = vm.count("to-horizon") > 0;
  std::optional<ServedConsole> served;
  std::optional<ServedScreen> served_screen_buffer;
  std::optional<std::ostream> served_screen;
  if (view) {
    served.emplace(*view, console ? &*console : nullptr, err);
    served_screen_buffer.emplace(err, *view);
    served_screen.emplace(&*served_screen_buffer);
    options.console = &*served;
    options.observer = &*view;
    server->start();
    err << "The browser view of the session is at " << server->url() << "\n";
  } else if (console) {
    options.console = &*console;
  }
  if (options.console) {
    err << "Game day: " << scenario.name << ", strategy " << strategy->name << ". You are on call.\n"
        << "The clock runs at " << format_number(speed)
        << " simulated seconds per second. Alerts appear below; type help for the commands.\n"
        << std::flush;
  }
  TrainingSession trainee(scenario, *strategy, std::move(script), served_screen ? *served_screen : err, options);
  DrillRunner runner(scenario);
  auto drill = runner.run(*strategy, seed, &trainee);

  Report session{scenario.name, scenario.file, seed, 1, {}};
  session.results.push_back(summarize_strategy(scenario, *strategy, {std::move(drill)}));
  // The anatomy of an RTO follows the runbook's steps, which the trainee's commands replaced.
  session.results.front().anatomy.reset();
  attach_objectives(scenario, session);
  ResultOutput result(out, output);
  const auto debrief =
      make_debrief(scenario.name, seed, std::move(session.results.front()), std::move(baseline), trainee);

  if (!record_file.empty()) {
    ResultOutput record_output(out, record_file, "--record");
    const auto scenario_from_record =
        record_file == "-" ? fs::absolute(scenario.file)
                           : fs::absolute(scenario.file).lexically_relative(fs::absolute(record_file).parent_path());
    write_record(record_output.stream(), {scenario_from_record.generic_string(), scenario.file_sha256, strategy->name,
                                          seed, runs, trainee.commands()});
    record_output.commit();
  }
  if (format == "json")
    write_debrief_json(result.stream(), debrief);
  else if (format == "text")
    write_debrief_text(result.stream(), debrief);
  else
    write_debrief_html(result.stream(), debrief);
  result.commit();
  if (view) {
    std::ostringstream text;
    write_debrief_text(text, debrief);
    view->finish(text.str());
    serve_debrief(server->url(), console ? &*console : nullptr,
                  vm.count("serve-for") ? std::optional(serve_for) : std::nullopt, err);
  }
  return exit_ok;
}

} // namespace drsim
