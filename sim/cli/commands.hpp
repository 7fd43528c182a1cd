// One function per sub-command, each in its own command_*.cpp. They receive the arguments after the command
// name and return an ExitCode; they throw UsageError for bad options and InputError for bad files.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/core/scenario.hpp"
#include "sim/core/settings.hpp"

namespace drsim {

using Command = std::function<int(const std::vector<std::string>&, std::ostream&, std::ostream&)>;

struct CommandEntry {
  Command function;
  const char* summary; //!< its line in the list of commands
};

// drsim's commands by name (cli.cpp) and the subcommands of `fis`, in the order its help lists them (command_fis.cpp):
// the dispatch, the lists of `--help`, the man page and the shell completions all come from them.
const std::map<std::string, CommandEntry>& commands();
const std::vector<std::pair<std::string, CommandEntry>>& fis_subcommands();

// The options before or after the command (--help, --version, -v, --log-level) and the help's closing paragraph
// on exit codes, shared by `drsim --help` and the man page.
boost::program_options::options_description global_options();
extern const char* const exit_codes_help;
// "simulate disaster-recovery drills and compare DR strategies": what drsim is, for `--help` and the man page.
extern const char* const drsim_purpose;

// A string option whose value is one of a fixed set. The command still checks the value itself, with its own
// message; the set is what the man page and the shell completions offer.
class OneOf : public boost::program_options::typed_value<std::string> {
public:
  OneOf(std::string* target, std::vector<std::string> values)
      : boost::program_options::typed_value<std::string>(target), values_(std::move(values)) {}
  const std::vector<std::string>& values() const { return values_; }

private:
  std::vector<std::string> values_;
};
// Like po::value(target), which also hands its value to the options_description that takes it.
OneOf* one_of(std::string* target, std::vector<std::string> values);

// A command's first operand when it is one of a fixed set of words (`drsim schema topology`).
struct FirstOperand {
  std::string name;
  std::vector<std::string> choices;
};

// Watches the options that parse_command_line parses on this thread while it lives. Each command builds its options
// beside the variables they fill, so the man page and the completions learn them by running its --help.
class OptionsWatch {
public:
  struct Parsed {
    std::vector<boost::shared_ptr<boost::program_options::option_description>> options;
    std::string table;         //!< the options as --help prints them
    std::string operand;       //!< the name the command gives its operands: "scenario", "file", "directory", ...
    std::string first_operand; //!< the first operand's name when it is one of `first_choices`
    std::vector<std::string> first_choices; //!< the words the first operand takes: import's source, schema's kind
  };
  OptionsWatch();
  ~OptionsWatch();
  OptionsWatch(const OptionsWatch&) = delete;
  OptionsWatch& operator=(const OptionsWatch&) = delete;
  const std::vector<Parsed>& parsed() const { return parsed_; }
  static void note(const boost::program_options::options_description& options, const char* operand,
                   const FirstOperand& first);

private:
  std::vector<Parsed> parsed_;
  OptionsWatch* outer_;
};

// Parses a command's options; the remaining arguments are collected as the positional option `files`. `first` names
// the words the first of them takes, when they are a fixed set, for the shell completions.
boost::program_options::variables_map parse_command_line(const std::vector<std::string>& args,
                                                         const boost::program_options::options_description& options,
                                                         const char* files, const FirstOperand& first = {});

// Reads a scenario file and its topology (load_scenario_file) with `settings` applied and logs its warnings.
Scenario load_scenario(const std::string& path, std::span<const Setting> settings = {});

// The scenario with only the strategies `names` names (`--strategy`), in the scenario's order; all of them when
// `names` is empty. UsageError for a name the scenario has no strategy of.
Scenario only_strategies(Scenario scenario, const std::vector<std::string>& names);

// The `--set PATH=VALUE` option of the commands that read a scenario, repeatable, collected into `texts`; and the
// settings they stand for (UsageError for one that is not PATH=VALUE).
void add_set_option(boost::program_options::options_description& options, std::vector<std::string>* texts);
std::vector<Setting> parse_settings(const std::vector<std::string>& texts);

// The value of --seed: an unsigned 64-bit integer (Boost would wrap a negative one around silently).
std::uint64_t parse_seed_option(const std::string& text);

int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_analyze(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_sweep(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_optimize(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_reproduce(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_history(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_import(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_init(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_fis(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_schema(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_train(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace drsim
