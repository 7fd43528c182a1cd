#include "sim/cli/cli.hpp"

#include <algorithm>
#include <charconv>
#include <exception>
#include <iostream>
#include <map>
#include <ostream>
#include <sstream>
#include <streambuf>

#include <boost/program_options.hpp>
#include <spdlog/cfg/env.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "sim/cli/commands.hpp"
#include "sim/cli/evidence.hpp"
#include "sim/cli/manual.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/version.hpp"
#include "sim/input/messages.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/runs/interruption.hpp"
#include "sim/runs/monte_carlo.hpp"
#include "sim/runs/ranks.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

// Boost guesses a long option from any unambiguous prefix (`--run` for `--runs`); a typo must not silently become
// another option, so every option is spelt out.
constexpr int command_line_style = po::command_line_style::default_style & ~po::command_line_style::allow_guessing;

thread_local OptionsWatch* watch = nullptr;

void print_help(std::ostream& out, const po::options_description& global) {
  out << "drsim " << version << ": " << drsim_purpose << "\n\n"
      << "Usage: drsim [global options] COMMAND [options] [arguments]\n\nCommands:\n";
  for (const auto& [name, entry] : commands())
    out << "  " << name << std::string(12 - name.size(), ' ') << entry.summary << '\n';
  out << "\nRun `drsim COMMAND --help` for the options of a command.\n\n" << global << '\n' << exit_codes_help;
}

void configure_logging(std::ostream& err, const std::string& level_name, int verbosity) {
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(err);
  auto logger = std::make_shared<spdlog::logger>("drsim", sink);
  logger->set_pattern("drsim: %l: %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::warn);
  spdlog::cfg::load_env_levels();
  if (verbosity > 0)
    spdlog::set_level(verbosity == 1 ? spdlog::level::info : spdlog::level::debug);
  if (!level_name.empty()) {
    auto level = spdlog::level::from_str(level_name);
    if (level == spdlog::level::off && level_name != "off")
      throw UsageError("--log-level: unknown level '" + level_name +
                       "'; expected trace, debug, info, warn, error, critical or off");
    spdlog::set_level(level);
  }
}

// What a rank but the first would print: every rank computes the same results, and rank 0 prints them.
class Discard : public std::streambuf {
protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char* /*text*/, std::streamsize size) override { return size; }
};

// The commands whose drills the ranks of an MPI launch share (sim/runs/ranks.hpp).
bool shares_drills_among_ranks(const std::string& command) {
  return command == "compare" || command == "check" || command == "sweep" || command == "optimize";
}

} // namespace

const char* const drsim_purpose = "simulate disaster-recovery drills and compare DR strategies";

const char* const exit_codes_help =
    "Exit codes: 0 success; 1 an objective not met; 2 bad input or usage; 3 internal error or a drill that\n"
    "crashed; 130/143 interrupted by SIGINT/SIGTERM.\n"
    "Logs and progress go to stderr, results to stdout or --output; Ctrl-C stops a command without writing\n"
    "results.\n";

const std::map<std::string, CommandEntry>& commands() {
  static const std::map<std::string, CommandEntry> table{
      {"init", {command_init, "write a starting scenario and topology for an architecture (--template)"}},
      {"validate", {command_validate, "check topology and scenario files; print every problem with its JSON path"}},
      {"schema",
       {command_schema, "the JSON Schema of topology, scenario or bindings files, for editors and validators"}},
      {"import",
       {command_import, "a topology from `terraform show -json`, every assumption listed (import terraform)"}},
      {"analyze", {command_analyze, "single points of failure and blast radius of each region and AZ"}},
      {"compare",
       {command_compare, "every strategy, N drills each, side by side: RTO, RPO, lost writes, availability"}},
      {"sweep",
       {command_sweep,
        "every strategy at each point of a grid of varied values (--vary PATH=...), same seeds at each"}},
      {"run", {command_run, "one drill: timeline of events, then its RTO/RPO/availability/cost"}},
      {"optimize",
       {command_optimize, "the cheapest values of the varied parameters whose objectives hold, found by drills"}},
      {"check", {command_check, "CI gate: exit 1 when an objective is not met or a figure regressed from a baseline"}},
      {"reproduce",
       {command_reproduce, "rerun a JSON report from its evidence: the same inputs (SHA-256), the same figures"}},
      {"history", {command_history, "each objective's figure over the checks a history file holds (check --history)"}},
      {"train",
       {command_train, "a game day: the trainee does the runbook's manual steps; a debrief against the runbook"}},
      {"fis", {command_fis, "the AWS adapter: `fis plan` writes the scenario's faults as FIS experiment templates"}},
  };
  return table;
}

po::options_description global_options() {
  po::options_description global("Global options (accepted before or after the command)");
  global.add_options()("help,h", "print this help and exit")("version", "print the version and exit")(
      "verbose,v", "log more: -v info, -vv debug")(
      "log-level", one_of(nullptr, {"trace", "debug", "info", "warn", "error", "critical", "off"})->value_name("LEVEL"),
      "trace, debug, info, warn (default), error, critical or off; SPDLOG_LEVEL works too");
  return global;
}

OneOf* one_of(std::string* target, std::vector<std::string> values) { return new OneOf(target, std::move(values)); }

OptionsWatch::OptionsWatch() : outer_(watch) { watch = this; }

OptionsWatch::~OptionsWatch() { watch = outer_; }

void OptionsWatch::note(const po::options_description& options, const char* operand, const FirstOperand& first) {
  if (watch == nullptr)
    return;
  std::ostringstream table;
  table << options;
  watch->parsed_.push_back({options.options(), table.str(), operand, first.name, first.choices});
}

po::variables_map parse_command_line(const std::vector<std::string>& args, const po::options_description& options,
                                     const char* files, const FirstOperand& first) {
  OptionsWatch::note(options, files, first);
  po::options_description all;
  all.add(options).add_options()(files, po::value<std::vector<std::string>>());
  po::positional_options_description positional;
  positional.add(files, -1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(positional).style(command_line_style).run(), vm);
  } catch (const po::unknown_option& e) {
    std::vector<std::string> known;
    for (const auto& option : options.options())
      known.push_back("--" + option->long_name());
    throw UsageError("unknown option '" + e.get_option_name() + "'" + suggestion(e.get_option_name(), known, 0));
  }
  po::notify(vm);
  return vm;
}

Scenario load_scenario(const std::string& path, std::span<const Setting> settings) {
  Scenario scenario = load_scenario_file(path, settings);
  for (const auto& warning : scenario.warnings)
    spdlog::warn("{}", warning.str());
  return scenario;
}

// The scenario's strategies, only those named when some are (`--strategy`), in the scenario's order.
Scenario only_strategies(Scenario scenario, const std::vector<std::string>& names) {
  if (names.empty())
    return scenario;
  std::vector<std::string> known;
  for (const auto& strategy : scenario.strategies)
    known.push_back(strategy.name);
  for (const auto& name : names)
    if (std::find(known.begin(), known.end(), name) == known.end())
      throw UsageError("--strategy: no strategy " + in_quotes(name) + " in " + scenario.file + suggestion(name, known));
  std::erase_if(scenario.strategies, [&](const Strategy& strategy) {
    return std::find(names.begin(), names.end(), strategy.name) == names.end();
  });
  return scenario;
}

void add_set_option(po::options_description& options, std::vector<std::string>* texts) {
  options.add_options()("set", po::value(texts)->value_name("PATH=VALUE")->composing(),
                        "set a value of the scenario or, under topology., of its topology for this command only, "
                        "checked like the files; repeatable, e.g. --set topology.dns.shop.ttl=30s "
                        "(README, Parameter paths)");
}

std::vector<Setting> parse_settings(const std::vector<std::string>& texts) {
  std::vector<Setting> settings;
  settings.reserve(texts.size());
  for (const auto& text : texts)
    settings.push_back(parse_setting(text));
  return settings;
}

std::uint64_t parse_seed_option(const std::string& text) {
  std::uint64_t seed = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), seed);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    throw UsageError("--seed: '" + text + "' is not a seed; expected an integer from 0 to 18446744073709551615");
  return seed;
}

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const po::options_description global = global_options();
  // Not in --help: what the build runs to write the man page and the shell completions.
  po::options_description generators;
  generators.add_options()("man", "write the man page (roff) to stdout")(
      "bash-completion", "write the bash completion script to stdout")("zsh-completion",
                                                                       "write the zsh completion script to stdout");
  po::options_description accepted;
  accepted.add(global).add(generators);

  try {
    // The logging options apply wherever they stand; everything else after the command name is the command's.
    int verbosity = 0;
    std::string level_name;
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < args.size(); ++i) {
      const auto& arg = args[i];
      if (arg == "-v" || arg == "--verbose")
        ++verbosity;
      else if (arg == "-vv")
        verbosity += 2;
      else if (arg == "--log-level") {
        if (i + 1 == args.size())
          throw UsageError("--log-level needs a value");
        level_name = args[++i];
      } else if (arg.starts_with("--log-level="))
        level_name = arg.substr(12);
      else
        rest.push_back(arg);
    }
    configure_logging(err, level_name, verbosity);
    // A malformed value fails before any work rather than after the drills, when a report's date is written.
    source_date_epoch();

    const auto command_at =
        std::find_if(rest.begin(), rest.end(), [](const std::string& a) { return !a.starts_with('-'); });
    po::variables_map vm;
    po::store(po::command_line_parser(std::vector<std::string>(rest.begin(), command_at))
                  .options(accepted)
                  .style(command_line_style)
                  .run(),
              vm);
    if (command_at == rest.end()) {
      if (vm.count("man")) {
        write_man_page(out);
        return exit_ok;
      }
      if (vm.count("bash-completion") || vm.count("zsh-completion")) {
        vm.count("bash-completion") ? write_bash_completion(out) : write_zsh_completion(out);
        return exit_ok;
      }
      if (vm.count("version")) {
        out << "drsim " << version << '\n';
        return exit_ok;
      }
      print_help(vm.count("help") ? out : err, global);
      return vm.count("help") ? exit_ok : exit_bad_input;
    }
    const auto found = commands().find(*command_at);
    if (found == commands().end()) {
      std::vector<std::string> names;
      for (const auto& [name, entry] : commands())
        names.push_back(name);
      const auto match = closest_match(*command_at, names);
      throw UsageError("unknown command '" + *command_at + "'" +
                       (match.empty() ? "" : "; did you mean '" + match + "'?") + "; run `drsim --help` for the list");
    }
    // Under an MPI launcher the commands that drill many times share their drills among the ranks; any other runs
    // on rank 0 alone (a `fis run` must start its experiments once), and the other ranks end at once.
    if (rank_count() > 1 && !shares_drills_among_ranks(found->first)) {
      drill_alone();
      if (!leads())
        return exit_ok;
    }
    return found->second.function(std::vector<std::string>(command_at + 1, rest.end()), out, err);
  } catch (const InputError& e) {
    write_diagnostics(err, e.diagnostics());
    return exit_bad_input;
  } catch (const UsageError& e) {
    err << "drsim: " << e.what() << '\n';
    return exit_bad_input;
  } catch (const po::error& e) {
    err << "drsim: " << e.what() << "; run `drsim --help`\n";
    return exit_bad_input;
  } catch (const Interrupted& e) {
    err << "\ndrsim: " << e.what()
        << ": stopped; no --output file was changed (rows already on the standard output are an incomplete "
           "result)\n";
    return 128 + e.signal();
  } catch (const DrillFailed& e) {
    err << "drsim: " << e.what() << '\n';
    return exit_internal_error;
  } catch (const std::exception& e) {
    err << "drsim: internal error: " << e.what() << '\n';
    return exit_internal_error;
  }
}

int run_main(int argc, char** argv) {
  join_ranks(argc, argv);
  Discard discard;
  std::ostream discarded(&discard);
  std::ostringstream unsaid;
  int code = run_cli(std::vector<std::string>(argv + 1, argv + argc), leads() ? std::cout : discarded,
                     leads() ? std::cerr : unsaid);
  // Results that never reached stdout (a full disk, a closed pipe) must not look like success.
  if (!std::cout.flush()) {
    std::cerr << "drsim: cannot write the results to standard output\n";
    code = code == 0 ? exit_bad_input : code;
  }
  return leave_ranks(code, unsaid.str());
}

} // namespace drsim
