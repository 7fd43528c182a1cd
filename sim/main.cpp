#include "sim/cli/cli.hpp"

int main(int argc, char** argv) { return drsim::run_main(argc, argv); }
