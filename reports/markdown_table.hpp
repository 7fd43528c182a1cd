// A Markdown table whose raw text is aligned too: every cell padded to its column's width, numbers on the right, a
// '|' in a cell escaped and a line break made a space. The Markdown reports of compare, run and optimize share it.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace drsim {

class MarkdownTable {
public:
  MarkdownTable(std::vector<std::string> header, std::vector<bool> right);

  void add(std::vector<std::string> cells);
  // The table, its header and rule first, then a blank line.
  void write(std::ostream& out) const;

private:
  void line(std::ostream& out, const std::vector<std::string>& cells) const;

  std::vector<bool> right_;
  std::vector<std::size_t> widths_;
  std::vector<std::vector<std::string>> rows_;
};

} // namespace drsim
