#include "sim/training/served_console.hpp"

#include <algorithm>
#include <chrono>
#include <ostream>

namespace drsim {
namespace {

// How long the terminal is watched before the page's queue is looked at again, when both feed the session.
constexpr double terminal_slice_s = 0.05;

} // namespace

double ServedConsole::wall_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::optional<std::string> ServedConsole::read_line(double seconds) {
  auto from_page = [this](double wait) {
    auto line = view_.next_command(wait);
    if (line)
      echo_ << "(from the browser) " << *line << '\n' << std::flush;
    return line;
  };
  if (!terminal_ || terminal_->closed())
    return from_page(seconds);
  const double deadline = wall_seconds() + seconds;
  for (;;) {
    if (auto line = from_page(0))
      return line;
    const double left = seconds < 0 ? terminal_slice_s : deadline - wall_seconds();
    if (auto line = terminal_->read_line(std::clamp(left, 0.0, terminal_slice_s)))
      return line;
    if (terminal_->closed() || (seconds >= 0 && left <= 0))
      return std::nullopt;
  }
}

ServedScreen::int_type ServedScreen::overflow(int_type c) {
  if (traits_type::eq_int_type(c, traits_type::eof()))
    return traits_type::not_eof(c);
  const char one = traits_type::to_char_type(c);
  xsputn(&one, 1);
  return c;
}

std::streamsize ServedScreen::xsputn(const char* text, std::streamsize count) {
  screen_.write(text, count);
  view_.screen_text({text, static_cast<std::size_t>(count)});
  return count;
}

int ServedScreen::sync() {
  screen_.flush();
  return 0;
}

} // namespace drsim
