#include "reports/svg/markup.hpp"

namespace drsim {

std::string escape_markup(const std::string& text, bool attribute) {
  std::string result;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not characters XML allows, even escaped: the replacement
    // character keeps a JUnit or HTML file well-formed.
    if (c == '\xEF' && i + 2 < text.size() && text[i + 1] == '\xBF' &&
        (text[i + 2] == '\xBE' || text[i + 2] == '\xBF')) {
      result += "\xEF\xBF\xBD";
      i += 2;
      continue;
    }
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
