#include "reports/plain_text.hpp"

#include <algorithm>
#include <ostream>
#include <sstream>

namespace drsim {

std::size_t text_columns(const std::string& text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

std::string wrap(const std::string& text, const std::string& indent, std::size_t width) {
  std::istringstream words(text);
  std::string word, result;
  std::string line = text.substr(0, text.find_first_not_of(' ')); // the first line keeps the text's own indent
  bool started = false;                                           // the line holds a word
  while (words >> word) {
    if (started && text_columns(line) + 1 + text_columns(word) > width) {
      result += line + '\n';
      line = indent;
      started = false;
    }
    line += (started ? " " : "") + word;
    started = true;
  }
  if (started)
    result += line + '\n';
  return result;
}

std::string hanging(const std::string& prefix, const std::string& text, std::size_t width) {
  const std::string indent(text_columns(prefix), ' ');
  // Wrapped as if the prefix were spaces, which the first line then gets back.
  const auto lines = wrap(indent + text, indent, width);
  return lines.size() > indent.size() ? prefix + lines.substr(indent.size()) : prefix + '\n';
}

std::string command_lines(const std::vector<std::string>& pieces, const std::string& indent, std::size_t width) {
  std::string result, line = indent;
  for (const auto& piece : pieces) {
    const bool first = line == indent;
    if (!first && text_columns(line) + 1 + text_columns(piece) + 2 > width) {
      result += line + " \\\n";
      line = indent + "  " + piece;
    } else {
      line += (first ? "" : " ") + piece;
    }
  }
  return result + line + '\n';
}

void TextTable::write(std::ostream& out, std::size_t width) const {
  std::vector<std::size_t> widths = this->widths;
  widths.resize(header.size(), 0);
  const auto measure = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i)
      widths[i] = std::max(widths[i], text_columns(row[i]));
  };
  measure(header);
  for (const auto& row : rows)
    measure(row);
  // The first column as wide as its cells that fit: a longer one stands on a line of its own.
  std::size_t rest = 0;
  for (std::size_t i = 1; i < widths.size(); ++i)
    rest += gap + widths[i];
  if (widths[0] + rest > width)
    widths[0] = std::max(text_columns(header[0]), width > rest ? width - rest : 0);
  const auto pad = [](const std::string& cell, std::size_t to, bool right) {
    const std::size_t used = text_columns(cell);
    const std::string padding(to > used ? to - used : 0, ' ');
    return right ? padding + cell : cell + padding;
  };
  const auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    if (text_columns(row[0]) > widths[0]) {
      out << row[0] << '\n';
      text = std::string(widths[0], ' ');
    } else {
      text = pad(row[0], widths[0], false);
    }
    for (std::size_t i = 1; i < row.size(); ++i)
      text += std::string(gap, ' ') + pad(row[i], widths[i], i < right.size() && right[i]);
    text.erase(text.find_last_not_of(' ') + 1);
    out << text << '\n';
  };
  line(header);
  for (const auto& row : rows)
    line(row);
}

} // namespace drsim
