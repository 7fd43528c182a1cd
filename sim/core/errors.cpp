#include "sim/core/errors.hpp"

namespace drsim {

std::string Diagnostic::str() const {
  return file + ": " + (pointer.empty() ? std::string("(document)") : pointer) + ": " + message;
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(diagnostics.empty() ? std::string("invalid input") : diagnostics.front().str()),
      diagnostics_(std::move(diagnostics)) {}

} // namespace drsim
