// Where a command's results go: stdout, or the file named by --output (or --junit), replaced only once complete.
#pragma once

#include <iosfwd>
#include <sstream>
#include <string>

namespace drsim {

class ResultOutput {
public:
  // `option` names the command-line option that gave `path`, for messages.
  ResultOutput(std::ostream& standard_output, std::string path, std::string option = "--output");
  std::ostream& stream() { return buffer_; }
  // Writes what was produced; throws UsageError naming the option and the file when it cannot be written.
  //  - a new file, or an existing regular file: written to a fresh temporary beside it (created exclusively,
  //    never through a link) and renamed over it, so a reader never sees half a report; an existing file keeps
  //    its permissions, and one that is read-only is refused, never replaced;
  //  - a character device, a pipe or a socket (/dev/stdout, a FIFO): written in place;
  //  - a symbolic link: what it points to is written in place (the link stays a link);
  //  - anything else (a directory) is refused.
  void commit();

private:
  std::ostream& standard_output_;
  std::string path_;
  std::string option_;
  std::ostringstream buffer_;
};

} // namespace drsim
