// Where a command's results go: stdout, or the file named by --output (replaced only once it is complete).
#pragma once

#include <fstream>
#include <iosfwd>
#include <sstream>
#include <string>

namespace drsim {

class ResultOutput {
public:
  ResultOutput(std::ostream& standard_output, std::string path);
  std::ostream& stream() { return buffer_; }
  // Writes what was produced; throws UsageError naming the file when it cannot be written.
  void commit();

private:
  std::ostream& standard_output_;
  std::string path_;
  std::ostringstream buffer_;
};

} // namespace drsim
