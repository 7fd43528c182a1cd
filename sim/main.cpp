#include <iostream>
#include <string>
#include <vector>

#include "sim/cli/cli.hpp"

int main(int argc, char** argv) {
  const int code = drsim::run_cli(std::vector<std::string>(argv + 1, argv + argc), std::cout, std::cerr);
  // Results that never reached stdout (a full disk, a closed pipe) must not look like success.
  if (!std::cout.flush()) {
    std::cerr << "drsim: cannot write the results to standard output\n";
    return code == 0 ? 2 : code;
  }
  return code;
}
