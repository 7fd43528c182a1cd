// The console of a session served to a browser (`drsim train --serve`): the page's commands, and the terminal's when
// the standard input is one, so the person at the keyboard and the room's browsers drive the same session; and the
// screen that the page's answers are cut from.
#pragma once

#include <iosfwd>
#include <optional>
#include <streambuf>
#include <string>

#include "sim/training/session.hpp"
#include "sim/training/terminal.hpp"
#include "sim/training/view_state.hpp"

namespace drsim {

class ServedConsole : public Console {
public:
  // `terminal`: null when the standard input is not a terminal. `echo`: where a command from the page is shown, so
  // that the terminal sees it too.
  ServedConsole(ViewState& view, TerminalConsole* terminal, std::ostream& echo)
      : view_(view), terminal_(terminal), echo_(echo) {}
  std::optional<std::string> read_line(double seconds) override;
  // The page keeps its console open: only the terminal's end closes it.
  bool closed() const override { return terminal_ && terminal_->closed(); }
  double wall_seconds() const override;

private:
  ViewState& view_;
  TerminalConsole* terminal_;
  std::ostream& echo_;
};

// The session's screen: what goes to `screen` goes to the view too, where it becomes the answer of the page's command.
class ServedScreen : public std::streambuf {
public:
  ServedScreen(std::ostream& screen, ViewState& view) : screen_(screen), view_(view) {}

protected:
  int_type overflow(int_type c) override;
  std::streamsize xsputn(const char* text, std::streamsize count) override;
  int sync() override;

private:
  std::ostream& screen_;
  ViewState& view_;
};

} // namespace drsim
