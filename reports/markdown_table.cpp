#include "reports/markdown_table.hpp"

#include <algorithm>
#include <ostream>
#include <utility>

namespace drsim {
namespace {

std::string escaped(const std::string& text) {
  std::string result;
  for (char c : text) {
    if (c == '|')
      result += "\\|";
    else
      result += c == '\n' ? ' ' : c;
  }
  return result;
}

} // namespace

MarkdownTable::MarkdownTable(std::vector<std::string> header, std::vector<bool> right) : right_(std::move(right)) {
  add(std::move(header));
}

void MarkdownTable::add(std::vector<std::string> cells) {
  for (auto& cell : cells)
    cell = escaped(cell);
  if (widths_.size() < cells.size())
    widths_.resize(cells.size(), 3);
  for (std::size_t i = 0; i < cells.size(); ++i)
    widths_[i] = std::max(widths_[i], cells[i].size());
  rows_.push_back(std::move(cells));
}

void MarkdownTable::write(std::ostream& out) const {
  for (std::size_t r = 0; r < rows_.size(); ++r) {
    line(out, rows_[r]);
    if (r == 0) {
      std::vector<std::string> rule;
      for (std::size_t i = 0; i < widths_.size(); ++i)
        rule.push_back(right_[i] ? std::string(widths_[i] - 1, '-') + ':' : std::string(widths_[i], '-'));
      line(out, rule);
    }
  }
  out << '\n';
}

void MarkdownTable::line(std::ostream& out, const std::vector<std::string>& cells) const {
  out << '|';
  for (std::size_t i = 0; i < widths_.size(); ++i) {
    const std::string cell = i < cells.size() ? cells[i] : "";
    const std::string padding(widths_[i] - cell.size(), ' ');
    out << ' ' << (right_[i] ? padding + cell : cell + padding) << " |";
  }
  out << '\n';
}

} // namespace drsim
