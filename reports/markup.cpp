#include "reports/markup.hpp"

namespace drsim {

std::string escape_markup(const std::string& text, bool attribute) {
  std::string result;
  for (char c : text) {
    switch (c) {
    case '&':
      result += "&amp;";
      break;
    case '<':
      result += "&lt;";
      break;
    case '>':
      result += "&gt;";
      break;
    case '"':
      result += "&quot;";
      break;
    case '\'':
      result += "&#39;";
      break;
    case '\n':
    case '\t':
      result += attribute ? (c == '\n' ? "&#10;" : "&#9;") : std::string(1, c);
      break;
    default:
      result += static_cast<unsigned char>(c) < 0x20 ? '?' : c;
    }
  }
  return result;
}

} // namespace drsim
