#include "sim/commands.hpp"

#include "sim/errors.hpp"

namespace drsim {

int command_run(const std::vector<std::string>&, std::ostream&, std::ostream&) {
  throw UsageError("PLACEHOLDER: 'run' is being written");
}

} // namespace drsim
