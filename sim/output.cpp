#include "sim/output.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/errors.hpp"

namespace drsim {

ResultOutput::ResultOutput(std::ostream& standard_output, std::string path)
    : standard_output_(standard_output), path_(std::move(path)) {}

void ResultOutput::commit() {
  if (path_.empty() || path_ == "-") {
    standard_output_ << buffer_.str();
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
