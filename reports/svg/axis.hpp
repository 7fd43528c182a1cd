// Axes of the charts: value-to-coordinate mappings with their tick marks, for durations (linear, or logarithmic with
// a place for zero), drill time (a clock, or days and weeks over a long run), calendar time, numbers and shares.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace drsim::svg {

// A logarithmic axis that must show zero keeps a separate position for it at the start, before a gap: log scales
// have no zero.
struct Axis {
  double lo = 0;
  double hi = 1;
  bool log = false;
  bool zero_lane = false;
  double p0 = 0; //!< the coordinate of lo
  double p1 = 1; //!< the coordinate of hi
  std::vector<std::pair<double, std::string>> ticks;
  std::string unit; //!< how the tick labels read, for the title: "hh:mm", "days", "weeks"; empty for none

  static constexpr double zero_gap = 28;

  double operator()(double v) const;
};

// An axis for durations from zero: linear, or logarithmic when the values span more than a factor of 40, which
// would crush the short ones against the axis (active/active next to backup and restore). Infinite values are
// left out.
Axis duration_axis(const std::vector<double>& values, double p0, double p1);

// Drill time from `from` to `to` in seconds: ticks as a clock (hh:mm:ss, then hh:mm) up to two days, then in
// days, and past two months in weeks, so that a year reads "0 4 8 ... 52 weeks", never as 1008 hours.
Axis time_axis(double from, double to, double p0, double p1);

// Calendar time from `from` to `to` in seconds since 1970, UTC (when checks ran): ticks on the hour ("14 Nov 06:00")
// up to two days, on days ("14 Nov", weeks from Mondays) up to three months, then on the first of months ("Nov
// 2026") and of years ("2027"). The unit says UTC, and the year when the labels do not.
Axis date_axis(double from, double to, double p0, double p1);

// 0 to a round number above `largest`, in steps of 1, 2 or 5 times a power of ten, labelled by `label`.
Axis number_axis(double largest, double p0, double p1, std::string (*label)(double));

// From a round number at or below `smallest` to one at or above `largest`, in steps of 1, 2 or 5 times a power of
// ten, so that figures that vary little far from zero (availabilities) fill the chart; `label` is given the step
// too, to choose its decimals. When the two are equal, the axis reaches a thousandth below `largest`.
Axis range_axis(double smallest, double largest, double p0, double p1, std::string (*label)(double value, double step));

// 0 % to 100 % in quarters.
Axis fraction_axis(double p0, double p1);

// Drops every other tick of a horizontal axis (the first kept) until no two labels of `size` units come closer
// than a gap: the labels of a long span ("1h 15m", "1h 30m") never overlap.
void thin_ticks(Axis& axis, double size);

} // namespace drsim::svg
