#include "sim/training/terminal.hpp"

#include <cerrno>
#include <chrono>
#include <cmath>

#include <poll.h>
#include <unistd.h>

namespace drsim {

double TerminalConsole::wall_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::optional<std::string> TerminalConsole::read_line(double seconds) {
  const double deadline = wall_seconds() + seconds;
  for (;;) {
    if (const auto end = pending_.find('\n'); end != std::string::npos) {
      std::string line = pending_.substr(0, end);
      pending_.erase(0, end + 1);
      return line;
    }
    if (closed_)
      return std::nullopt;
    int timeout_ms = -1;
    if (seconds >= 0) {
      const double left = deadline - wall_seconds();
      if (left <= 0)
        return std::nullopt;
      timeout_ms = static_cast<int>(std::ceil(left * 1000));
    }
    pollfd descriptor{fd_, POLLIN, 0};
    const int ready = ::poll(&descriptor, 1, timeout_ms);
    if (ready < 0 && errno == EINTR)
      return std::nullopt;
    if (ready <= 0)
      continue;
    char buffer[512];
    const auto count = ::read(fd_, buffer, sizeof buffer);
    if (count <= 0) {
      closed_ = true;
      // A last line without its newline still counts.
      if (!pending_.empty())
        pending_ += '\n';
      continue;
    }
    pending_.append(buffer, static_cast<std::size_t>(count));
  }
}

} // namespace drsim
