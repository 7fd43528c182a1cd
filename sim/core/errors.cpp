#include "sim/core/errors.hpp"

#include <ostream>

namespace drsim {

std::string Diagnostic::str() const {
  return file + ": " + (pointer.empty() ? std::string("(document)") : pointer) + ": " + message;
}

void write_diagnostics(std::ostream& out, const std::vector<Diagnostic>& problems) {
  std::size_t unlisted = 0;
  for (const auto& problem : problems) {
    if (problem.listed)
      out << problem.str() << '\n';
    else
      ++unlisted;
  }
  if (unlisted > 0)
    out << "drsim: " << unlisted << " more problem" << (unlisted == 1 ? "" : "s")
        << " found and not listed; fix the ones above first\n";
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(diagnostics.empty() ? std::string("invalid input") : diagnostics.front().str()),
      diagnostics_(std::move(diagnostics)) {}

} // namespace drsim
