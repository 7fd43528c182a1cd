// Plain text for a terminal of 80 columns: paragraphs wrapped at spaces, and tables whose columns fit.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace drsim {

// The widest line plain-text reports write: one column short of 80, so that no terminal wraps it by itself.
inline constexpr std::size_t text_width = 79;

// The columns `text` takes on a terminal: its UTF-8 characters.
std::size_t text_columns(const std::string& text);

// `text` as lines of at most `width` columns, broken at spaces, each ending in a newline; the first line keeps the
// spaces `text` starts with, the others start with `indent`. A word longer than a line stands alone on its line.
std::string wrap(const std::string& text, const std::string& indent = "", std::size_t width = text_width);

// `text` after `prefix`, wrapped at spaces to `width` columns; the lines after the first are indented by the width
// of `prefix`, so the text hangs beside it ("  +00:56:10.943  dns-cache-refreshed   shoppers: resolver ...").
std::string hanging(const std::string& prefix, const std::string& text, std::size_t width = text_width);

// A shell command, given as pieces that stay whole ("drsim run FILE", "--strategy S", "--seed N"), on lines of at
// most `width` columns where the pieces allow: each line but the last ends in " \\" so that the lines paste into a
// shell as one command; every line starts with `indent`, the continued ones two spaces further in.
std::string command_lines(const std::vector<std::string>& pieces, const std::string& indent,
                          std::size_t width = text_width);

// A table in columns as wide as their widest cell (and at least `widths`, where given), `gap` spaces apart, the
// first left-aligned, the others right-aligned when `right` says so. A row whose first cell would push it past
// `width` puts that cell on a line of its own, then the other cells, so the columns stay aligned.
struct TextTable {
  std::vector<std::string> header;
  std::vector<bool> right;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> widths{};
  std::size_t gap = 2;

  void write(std::ostream& out, std::size_t width = text_width) const;
};

} // namespace drsim
