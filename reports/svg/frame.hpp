// The frame of a chart: its plot area, grid, tick labels and axis titles, laid out so that no label overlaps another
// or passes the edge of the chart.
#pragma once

#include <string>

#include "reports/svg/axis.hpp"

namespace drsim::svg {

// Where the plot area lies in a chart `width` units wide.
struct Frame {
  double width = 880;
  double left = 72;
  double right = 860;
  double top = 24;
  double bottom = 264;

  // The chart's height: the plot, its tick labels and the horizontal axis's title beneath.
  double height() const { return bottom + 52; }
};

// The grid, the axes, their tick labels and titles. The horizontal axis's labels are thinned until none overlap
// (thin_ticks) and the last one ends at the chart's edge rather than past it; the title gets the axis's unit.
std::string frame_svg(const Frame& frame, Axis x, const Axis& y, const std::string& x_title,
                      const std::string& y_title);

} // namespace drsim::svg
