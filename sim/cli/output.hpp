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
  ResultOutput(const ResultOutput&) = delete;
  ResultOutput& operator=(const ResultOutput&) = delete;
  ~ResultOutput(); //!< a file's temporary that was never committed is removed
  std::ostream& stream() { return buffer_; }
  // Opens the target now (otherwise the first write does), so that a path that cannot be written fails with a
  // UsageError before a long computation rather than after it. Opening again does nothing.
  void open();
  // Passes what the stream holds on once it holds 64 KiB or more, so that a long report (compare's CSV rows) never
  // sits whole in memory: to stdout, or to the file's temporary (still renamed only by commit()). A target written
  // in place (a link, a device) keeps it until commit(), which alone may truncate it.
  void spill();
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
  bool opened_ = false;
  int fd_ = -1;           //!< the file written, when not stdout
  std::string temporary_; //!< the temporary renamed over the file by commit(); empty when written in place
  bool in_place_ = false; //!< a link or a device: nothing reaches it before commit()
  bool truncate_ = false; //!< in place, and a regular file: emptied by commit(), not when opened

  void write(const std::string& text);
};

} // namespace drsim
