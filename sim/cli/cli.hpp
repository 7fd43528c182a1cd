// The command line: `drsim COMMAND [options]`. main() only calls run_main(), which calls run_cli(); the tests call
// run_cli() too.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace drsim {

enum ExitCode : int {
  exit_ok = 0,
  exit_objective_not_met = 1,
  exit_differs = 1, //!< `drsim reproduce`: an input, the version or a figure differs from the report's
  exit_bad_input = 2,
  exit_internal_error = 3,
};

// Runs one invocation. `args` excludes the program name. Results go to `out`, messages and logs to `err`.
int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// main(): the command of `argv` on std::cout and std::cerr, run by every rank an MPI launcher started
// (sim/runs/ranks.hpp), rank 0 alone printing, or by this process alone. Returns the exit code.
int run_main(int argc, char** argv);

} // namespace drsim
