#include "reports/svg/frame.hpp"

#include <sstream>

#include "reports/svg/canvas.hpp"

namespace drsim::svg {

std::string frame_svg(const Frame& f, Axis x, const Axis& y, const std::string& x_title, const std::string& y_title) {
  thin_ticks(x, label_size);
  std::ostringstream svg;
  svg << "<g class=\"grid\">";
  for (const auto& [value, label] : y.ticks)
    svg << "<line x1=\"" << px(f.left) << "\" y1=\"" << px(y(value)) << "\" x2=\"" << px(f.right) << "\" y2=\""
        << px(y(value)) << "\"/>";
  for (const auto& [value, label] : x.ticks)
    svg << "<line x1=\"" << px(x(value)) << "\" y1=\"" << px(f.top) << "\" x2=\"" << px(x(value)) << "\" y2=\""
        << px(f.bottom) << "\"/>";
  svg << "</g><g class=\"axis\"><line x1=\"" << px(f.left) << "\" y1=\"" << px(f.bottom) << "\" x2=\"" << px(f.right)
      << "\" y2=\"" << px(f.bottom) << "\"/><line x1=\"" << px(f.left) << "\" y1=\"" << px(f.top) << "\" x2=\""
      << px(f.left) << "\" y2=\"" << px(f.bottom) << "\"/>";
  if (x.zero_lane) {
    // The break between zero and the logarithmic part of the axis.
    const double at = x.p0 + Axis::zero_gap / 2;
    svg << "<path class=\"break\" d=\"M" << px(at - 4) << ' ' << px(f.bottom + 5) << " L" << px(at) << ' '
        << px(f.bottom - 5) << " M" << px(at + 1) << ' ' << px(f.bottom + 5) << " L" << px(at + 5) << ' '
        << px(f.bottom - 5) << "\"/>";
  }
  svg << "</g><g class=\"ticks\">";
  for (const auto& [value, label] : y.ticks)
    svg << text(f.left - 8, y(value) + 4, label, "text-anchor=\"end\"");
  for (const auto& [value, label] : x.ticks) {
    const double at = x(value);
    const double half = text_width(label) / 2;
    // A label that would pass an edge of the chart ends (or starts) at its tick instead.
    const char* anchor = at + half > f.width ? "end" : at - half < 0 ? "start" : "middle";
    svg << text(at, f.bottom + 18, label, std::string("text-anchor=\"") + anchor + "\"");
  }
  const std::string title = x.unit.empty() ? x_title : x_title + " (" + x.unit + ")";
  svg << "</g>" << text((f.left + f.right) / 2, f.bottom + 40, title, "class=\"title\" text-anchor=\"middle\"")
      << text(0, 0, y_title,
              "class=\"title\" transform=\"translate(" + px(18) + ' ' + px((f.top + f.bottom) / 2) +
                  ") rotate(-90)\" text-anchor=\"middle\"");
  return svg.str();
}

} // namespace drsim::svg
