// Rewrites the parameter tables of the README given as its argument from the declarations (sim/core/parameters.hpp):
// `cmake --build --preset release --target readme`.

#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>

#include "sim/input/parameter_reference.hpp"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: update_readme README.md\n";
    return 2;
  }
  std::stringstream text;
  text << std::ifstream(argv[1]).rdbuf();
  try {
    const std::string updated = drsim::update_parameter_reference(text.str());
    if (updated != text.str())
      std::ofstream(argv[1], std::ios::binary) << updated;
  } catch (const std::runtime_error& error) {
    std::cerr << argv[1] << ": " << error.what() << "\n";
    return 1;
  }
  return 0;
}
