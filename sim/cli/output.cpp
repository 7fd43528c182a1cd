#include "sim/cli/output.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/core/errors.hpp"

namespace drsim {

ResultOutput::ResultOutput(std::ostream& standard_output, std::string path)
    : standard_output_(standard_output), path_(std::move(path)) {}

void ResultOutput::commit() {
  if (path_.empty() || path_ == "-") {
    standard_output_ << buffer_.str();
    return;
  }
  // A device or pipe (/dev/stdout, a FIFO) is written in place: renaming over it would replace it with a file.
  std::error_code status_error;
  const auto status = std::filesystem::status(path_, status_error);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status)) {
    std::ofstream target(path_, std::ios::binary);
    if (!target || !(target << buffer_.str()) || !target.flush())
      throw UsageError("--output: cannot write '" + path_ + "': " + std::strerror(errno));
    return;
  }
  const auto partial = path_ + ".partial";
  {
    std::ofstream file(partial, std::ios::binary | std::ios::trunc);
    if (!file)
      throw UsageError("--output: cannot write '" + path_ + "': " + std::strerror(errno));
    file << buffer_.str();
    if (!file.flush())
      throw UsageError("--output: cannot write '" + path_ + "': " + std::strerror(errno));
  }
  std::error_code error;
  std::filesystem::rename(partial, path_, error);
  if (error)
    throw UsageError("--output: cannot write '" + path_ + "': " + error.message());
}

} // namespace drsim
