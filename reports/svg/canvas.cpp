#include "reports/svg/canvas.hpp"

#include <string_view>

#include <fmt/format.h>

#include "reports/svg/markup.hpp"

namespace drsim::svg {

std::string px(double value) { return fmt::format("{:.1f}", value); }

std::string open(double width, double height, const std::string& label) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + px(width) + ' ' + px(height) +
         "\" role=\"img\" aria-label=\"" + escape_markup(label) + "\">";
}

std::string text(double x, double y, const std::string& content, const std::string& attributes) {
  return "<text x=\"" + px(x) + "\" y=\"" + px(y) + "\"" + (attributes.empty() ? "" : " " + attributes) + ">" +
         escape_markup(content) + "</text>";
}

double text_width(const std::string& content, double size) {
  // DejaVu Sans advances in em, rounded up: narrow punctuation and i/l/j, the space, wide capitals and m/w, the
  // rest (digits are 0.64).
  double em = 0;
  for (std::size_t i = 0; i < content.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(content[i]);
    if ((c & 0xC0) == 0x80)
      continue; // a continuation byte of a character already counted
    if (std::string_view(".,:;'|!il()[]jt").find(static_cast<char>(c)) != std::string_view::npos)
      em += 0.36;
    else if (c == ' ')
      em += 0.33;
    else if (std::string_view("mwMW%@").find(static_cast<char>(c)) != std::string_view::npos || (c >= 'A' && c <= 'Z'))
      em += 0.86;
    else
      em += 0.65;
  }
  return em * size;
}

} // namespace drsim::svg
