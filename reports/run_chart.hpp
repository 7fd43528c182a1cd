// The pieces of a run's timeline chart that `drsim run`'s page and `drsim fis compare`'s share: a success ratio
// drawn as the step function it is, and a marker line beneath its label.
#pragma once

#include <string>

#include "reports/svg/axis.hpp"
#include "reports/svg/labels.hpp"
#include "sim/measure/metrics.hpp"

namespace drsim::html {

// The ratio of `series` over [from, to] as a <path> of horizontal and vertical strokes in `colour`; `cls` is the
// path's class ("series", or "series simulated" for a dashed one).
std::string ratio_path(const OutcomeSeries& series, const svg::Axis& x, const svg::Axis& y, double from, double to,
                       const std::string& colour, const std::string& cls = "series");

// A marker's vertical line from just under its label, on baseline `label_y`, down to `bottom`, and the label.
std::string marker_svg(const svg::Label& marker, double label_y, double bottom);

} // namespace drsim::html
