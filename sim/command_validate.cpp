#include "sim/commands.hpp"

#include "sim/errors.hpp"

namespace drsim {

int command_validate(const std::vector<std::string>&, std::ostream&, std::ostream&) {
  throw UsageError("PLACEHOLDER: 'validate' is being written");
}

} // namespace drsim
