// One function per sub-command, each in its own command_*.cpp. They receive the arguments after the command
// name and return an ExitCode; they throw UsageError for bad options and InputError for bad files.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include <boost/program_options.hpp>

#include "sim/core/scenario.hpp"

namespace drsim {

// Parses a command's options; the remaining arguments are collected as the positional option `files`.
boost::program_options::variables_map parse_command_line(const std::vector<std::string>& args,
                                                         const boost::program_options::options_description& options,
                                                         const char* files);

// Reads a scenario file and its topology (load_scenario_file) and logs its warnings.
Scenario load_scenario(const std::string& path);

// The value of --seed: an unsigned 64-bit integer (Boost would wrap a negative one around silently).
std::uint64_t parse_seed_option(const std::string& text);

int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_analyze(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_compare(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_run(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_check(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_reproduce(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_history(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_init(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_fis(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_schema(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int command_train(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace drsim
