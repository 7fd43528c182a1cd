#include "sim/cli/output.hpp"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <string_view>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/core/errors.hpp"
#include "sim/runs/ranks.hpp"

namespace drsim {
namespace {

bool write_all(int fd, std::string_view text) {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      return false;
    text.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  if (slash == std::string::npos)
    return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// The file named by a command-line option, and how to say that it cannot be written.
struct Target {
  const std::string& path;
  const std::string& option;

  [[noreturn]] void fail(const std::string& why) const {
    throw UsageError(option + ": cannot write '" + path + "': " + why);
  }
};

} // namespace

ResultOutput::ResultOutput(std::ostream& standard_output, std::string path, std::string option)
    : standard_output_(standard_output), path_(std::move(path)), option_(std::move(option)) {}

ResultOutput::~ResultOutput() {
  if (fd_ >= 0)
    ::close(fd_);
  if (!temporary_.empty())
    ::unlink(temporary_.c_str());
}

void ResultOutput::open() {
  if (opened_)
    return;
  opened_ = true;
  const Target target{path_, option_};
  // Every rank computes the results; rank 0 alone writes them (sim/runs/ranks.hpp).
  if (path_.empty() || path_ == "-" || !leads())
    return;
  struct stat link_status {};
  const bool exists = ::lstat(path_.c_str(), &link_status) == 0;
  if (!exists && errno != ENOENT)
    target.fail(std::strerror(errno));
  struct stat status = link_status;
  if (exists && S_ISLNK(link_status.st_mode) && ::stat(path_.c_str(), &status) != 0)
    target.fail(std::strerror(errno));
  if (exists && !S_ISREG(link_status.st_mode)) {
    if (!(S_ISREG(status.st_mode) || S_ISCHR(status.st_mode) || S_ISFIFO(status.st_mode) || S_ISSOCK(status.st_mode)))
      target.fail(S_ISDIR(status.st_mode) ? "it is a directory" : "it is not a file, a device or a pipe");
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd_ < 0)
      target.fail(std::strerror(errno));
    in_place_ = true;
    truncate_ = S_ISREG(status.st_mode);
    return;
  }
  // Root may write anything: a file without any write permission bit is read-only by its owner's intent too.
  if (exists && (::access(path_.c_str(), W_OK) != 0 || (link_status.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0))
    target.fail("it is read-only; drsim does not replace a file it may not write");
  std::string temporary = directory_of(path_) + "/.drsim-output-XXXXXX";
  // mkostemp creates the file exclusively (O_EXCL): a name planted in advance, or a link, is never written through.
  fd_ = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd_ < 0)
    target.fail(std::strerror(errno));
  temporary_ = temporary;
  mode_t mode = 0;
  if (exists) {
    mode = link_status.st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd_, mode) != 0)
    target.fail(std::strerror(errno));
}

void ResultOutput::write(const std::string& text) {
  open();
  if (fd_ < 0) {
    standard_output_ << text;
    return;
  }
  if (!write_all(fd_, text))
    Target{path_, option_}.fail(std::strerror(errno));
}

void ResultOutput::spill() {
  constexpr std::streamoff enough = 64 * 1024;
  if (buffer_.tellp() < enough)
    return;
  open();
  // What is written in place (through a link, to a device) waits for commit(), so that an interrupted command leaves
  // it as it was; a temporary file and the standard output may take the rows as they come.
  if (in_place_)
    return;
  write(buffer_.str());
  buffer_.str({});
}

void ResultOutput::commit() {
  open();
  if (truncate_ && ::ftruncate(fd_, 0) != 0)
    Target{path_, option_}.fail(std::strerror(errno));
  write(buffer_.str());
  buffer_.str({});
  if (fd_ < 0)
    return;
  const Target target{path_, option_};
  if (!temporary_.empty() && ::fsync(fd_) != 0)
    target.fail(std::strerror(errno));
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0)
    target.fail(std::strerror(errno));
  if (!temporary_.empty()) {
    if (::rename(temporary_.c_str(), path_.c_str()) != 0)
      target.fail(std::strerror(errno));
    temporary_.clear();
  }
}

} // namespace drsim
