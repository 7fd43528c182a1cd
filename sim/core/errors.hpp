// The two kinds of expected failure, both exit code 2: a bad command line and bad input files.
#pragma once

#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

namespace drsim {

class UsageError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

// One problem in an input file, printed as `FILE: /json/pointer: message`.
struct Diagnostic {
  std::string file;
  std::string pointer; //!< JSON Pointer (RFC 6901); empty for the whole document
  std::string message;
  bool listed = true; //!< false: found and counted, but beyond the number of problems worth listing

  std::string str() const;
  bool operator==(const Diagnostic&) const = default;
};

// Writes the listed problems one per line, then how many more were found and not listed.
void write_diagnostics(std::ostream& out, const std::vector<Diagnostic>& problems);

class InputError : public std::runtime_error {
public:
  explicit InputError(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

private:
  std::vector<Diagnostic> diagnostics_;
};

} // namespace drsim
