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

void write_in_place(const Target& target, const std::string& text) {
  const int fd = ::open(target.path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0)
    target.fail(std::strerror(errno));
  const bool written = write_all(fd, text);
  const int write_error = errno;
  if (::close(fd) != 0 && written)
    target.fail(std::strerror(errno));
  if (!written)
    target.fail(std::strerror(write_error));
}

void replace_regular_file(const Target& target, const std::string& text, const struct stat* existing) {
  // Root may write anything: a file without any write permission bit is read-only by its owner's intent too.
  if (existing &&
      (::access(target.path.c_str(), W_OK) != 0 || (existing->st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0))
    target.fail("it is read-only; drsim does not replace a file it may not write");
  std::string temporary = directory_of(target.path) + "/.drsim-output-XXXXXX";
  // mkostemp creates the file exclusively (O_EXCL): a name planted in advance, or a link, is never written through.
  const int fd = ::mkostemp(temporary.data(), O_CLOEXEC);
  if (fd < 0)
    target.fail(std::strerror(errno));
  const auto abandon = [&](int error) {
    ::close(fd);
    ::unlink(temporary.c_str());
    target.fail(std::strerror(error));
  };
  mode_t mode = 0;
  if (existing) {
    mode = existing->st_mode & 07777;
  } else {
    const mode_t mask = ::umask(0);
    ::umask(mask);
    mode = 0666 & ~mask;
  }
  if (::fchmod(fd, mode) != 0)
    abandon(errno);
  if (!write_all(fd, text) || ::fsync(fd) != 0)
    abandon(errno);
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    target.fail(std::strerror(error));
  }
  if (::rename(temporary.c_str(), target.path.c_str()) != 0) {
    const int error = errno;
    ::unlink(temporary.c_str());
    target.fail(std::strerror(error));
  }
}

} // namespace

ResultOutput::ResultOutput(std::ostream& standard_output, std::string path, std::string option)
    : standard_output_(standard_output), path_(std::move(path)), option_(std::move(option)) {}

void ResultOutput::commit() {
  const std::string text = buffer_.str();
  const Target target{path_, option_};
  if (path_.empty() || path_ == "-") {
    standard_output_ << text;
    return;
  }
  struct stat link_status {};
  if (::lstat(path_.c_str(), &link_status) != 0) {
    if (errno != ENOENT)
      target.fail(std::strerror(errno));
    replace_regular_file(target, text, nullptr);
    return;
  }
  if (S_ISREG(link_status.st_mode)) {
    replace_regular_file(target, text, &link_status);
    return;
  }
  struct stat status = link_status;
  if (S_ISLNK(link_status.st_mode) && ::stat(path_.c_str(), &status) != 0)
    target.fail(std::strerror(errno));
  if (S_ISREG(status.st_mode) || S_ISCHR(status.st_mode) || S_ISFIFO(status.st_mode) || S_ISSOCK(status.st_mode)) {
    write_in_place(target, text);
    return;
  }
  target.fail(S_ISDIR(status.st_mode) ? "it is a directory" : "it is not a file, a device or a pipe");
}

} // namespace drsim
