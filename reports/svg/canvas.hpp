// The basics every chart of the HTML reports draws with: coordinates, the <svg> element, text and how wide it is.
// Charts are drawn in a fixed viewBox and scale with the page; nothing here knows about reports.
#pragma once

#include <string>

namespace drsim::svg {

// The font size of tick labels and names on charts, in viewBox units; titles are a pixel larger.
inline constexpr double label_size = 12;

// A coordinate: a tenth of a unit is finer than any screen.
std::string px(double value);

// The opening tag of a chart `width` x `height` units, labelled for screen readers.
std::string open(double width, double height, const std::string& label);

// A <text> element at (x, y), its content escaped; `attributes` are added as they are (class, text-anchor).
std::string text(double x, double y, const std::string& content, const std::string& attributes = "");

// How wide `content` is at `size` units in the charts' sans-serif (DejaVu Sans, the widest the page names), from
// per-character advances on the wide side: labels laid out with it do not overlap, nor pass the chart's edge.
double text_width(const std::string& content, double size = label_size);

} // namespace drsim::svg
