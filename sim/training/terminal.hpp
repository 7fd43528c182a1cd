// The console of an interactive session: lines typed on a file descriptor (the terminal), read without blocking the
// simulation longer than the pacing allows, and the wall clock that paces it.
#pragma once

#include <optional>
#include <string>

#include "sim/training/session.hpp"

namespace drsim {

class TerminalConsole : public Console {
public:
  explicit TerminalConsole(int fd = 0) : fd_(fd) {}
  std::optional<std::string> read_line(double seconds) override;
  bool closed() const override { return closed_; }
  double wall_seconds() const override;

private:
  int fd_;
  bool closed_ = false;
  std::string pending_; //!< read, not yet a whole line
};

} // namespace drsim
