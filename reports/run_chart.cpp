#include "reports/run_chart.hpp"

#include <sstream>

#include "reports/svg/canvas.hpp"

namespace drsim::html {

using svg::px;

std::string ratio_path(const OutcomeSeries& series, const svg::Axis& x, const svg::Axis& y, double from, double to,
                       const std::string& colour, const std::string& cls) {
  std::ostringstream path;
  path << "<path class=\"" << cls << "\" stroke=\"" << colour << "\" d=\"M" << px(x(from)) << ' '
       << px(y(series.ratio_at(from)));
  for (const auto& [t, ratio] : series.points)
    if (t > from && t < to)
      path << " H" << px(x(t)) << " V" << px(y(ratio));
  path << " H" << px(x(to)) << "\"/>";
  return path.str();
}

std::string marker_svg(const svg::Label& marker, double label_y, double bottom) {
  return "<line class=\"" + marker.cls + "\" x1=\"" + px(marker.x) + "\" y1=\"" + px(label_y + 4) + "\" x2=\"" +
         px(marker.x) + "\" y2=\"" + px(bottom) + "\"/>" + svg::label_svg(marker, label_y);
}

} // namespace drsim::html
