#include "sim/commands.hpp"

#include "sim/errors.hpp"

namespace drsim {

int command_analyze(const std::vector<std::string>&, std::ostream&, std::ostream&) {
  throw UsageError("PLACEHOLDER: 'analyze' is being written");
}

} // namespace drsim
