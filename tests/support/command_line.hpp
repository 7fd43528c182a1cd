// What the tests that drive drsim through its command line share: a command run as main() runs it, the bytes of a
// file it wrote, and the 80-column rule of its text.
#pragma once

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/cli/cli.hpp"

namespace drsim::testing {

struct Outcome {
  int code;
  std::string out;
  std::string err;
};

inline Outcome run(const std::vector<std::string>& args) {
  // The drills' worker processes inherit this process's unwritten output and flush it again when they end.
  std::cout.flush();
  std::fflush(stdout);
  std::ostringstream out, err;
  const int code = run_cli(args, out, err);
  return {code, out.str(), err.str()};
}

inline std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every line of `text` fits an 80-column terminal.
inline bool fits_80_columns(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.size() > 79)
      return false;
  return true;
}

} // namespace drsim::testing
