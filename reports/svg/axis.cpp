#include "reports/svg/axis.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "reports/svg/canvas.hpp"
#include "sim/core/units.hpp"

namespace drsim::svg {
namespace {

constexpr double linear_duration_steps[]{0.001, 0.002, 0.005, 0.01,  0.02,  0.05,  0.1,   0.2,    0.5,   1,
                                         2,     5,     10,    15,    30,    60,    120,   300,    600,   900,
                                         1800,  3600,  7200,  10800, 21600, 43200, 86400, 172800, 604800};
constexpr double log_duration_ticks[]{0.001, 0.01, 0.1, 1, 10, 60, 300, 900, 3600, 21600, 86400, 604800};

constexpr double day = 86400;
constexpr double week = 7 * day;

// The step for about `count` ticks over `span` seconds.
double duration_step(double span, double count) {
  for (double step : linear_duration_steps)
    if (span / step <= count)
      return step;
  const double largest = linear_duration_steps[std::size(linear_duration_steps) - 1];
  return largest * std::ceil(span / (count * largest));
}

// The first of `steps` that gives at most `count` ticks over `span`, or a multiple of the last.
double step_among(double span, double count, std::initializer_list<double> steps) {
  for (double step : steps)
    if (span / step <= count)
      return step;
  const double largest = *std::prev(steps.end());
  return largest * std::ceil(span / (count * largest));
}

} // namespace

double Axis::operator()(double v) const {
  if (!log)
    return p0 + (p1 - p0) * (std::clamp(v, lo, hi) - lo) / (hi - lo);
  if (zero_lane && v <= 0)
    return p0;
  const double start = zero_lane ? p0 + (p1 > p0 ? zero_gap : -zero_gap) : p0;
  const double clamped = std::clamp(v, lo, hi);
  return start + (p1 - start) * (std::log10(clamped) - std::log10(lo)) / (std::log10(hi) - std::log10(lo));
}

Axis duration_axis(const std::vector<double>& values, double p0, double p1) {
  Axis axis;
  axis.p0 = p0;
  axis.p1 = p1;
  double largest = 0;
  double smallest_positive = 0;
  bool has_zero = false;
  for (double v : values) {
    if (!std::isfinite(v))
      continue;
    largest = std::max(largest, v);
    if (v > 0)
      smallest_positive = smallest_positive == 0 ? v : std::min(smallest_positive, v);
    else
      has_zero = true;
  }
  if (smallest_positive > 0 && largest / smallest_positive > 40) {
    axis.log = true;
    axis.zero_lane = has_zero;
    axis.lo = log_duration_ticks[0];
    axis.hi = log_duration_ticks[std::size(log_duration_ticks) - 1];
    for (double t : log_duration_ticks) {
      if (t <= smallest_positive)
        axis.lo = t;
      if (t >= largest) {
        axis.hi = t;
        break;
      }
    }
    if (axis.zero_lane)
      axis.ticks.emplace_back(0, "0");
    for (double t : log_duration_ticks)
      if (t >= axis.lo && t <= axis.hi)
        axis.ticks.emplace_back(t, format_duration(t));
    return axis;
  }
  const double step = duration_step(largest > 0 ? largest : 1, 6);
  axis.hi = std::max(step, std::ceil(largest / step) * step);
  for (int i = 0; i * step <= axis.hi + step / 2; ++i)
    axis.ticks.emplace_back(i * step, format_duration(i * step));
  return axis;
}

Axis time_axis(double from, double to, double p0, double p1) {
  Axis axis{from, to, false, false, p0, p1, {}, {}};
  const double span = to - from;
  double step = 0;
  std::string (*label)(double) = nullptr;
  if (span > 60 * day) {
    step = step_among(span, 10, {week, 2 * week, 4 * week, 8 * week, 13 * week, 26 * week});
    axis.unit = "weeks";
    label = [](double t) { return fmt::format("{:.0f}", t / week); };
  } else if (span > 2 * day) {
    step = step_among(span, 10, {day, 2 * day, 7 * day, 14 * day});
    axis.unit = "days";
    label = [](double t) { return fmt::format("{:.0f}", t / day); };
  } else {
    step = duration_step(span, 8);
    const bool seconds = step < 60;
    axis.unit = seconds ? "hh:mm:ss" : "hh:mm";
    if (seconds)
      label = [](double t) { return format_clock(t, false); };
    else
      label = [](double t) { return format_clock(t, false).substr(0, 5); };
  }
  for (double t = std::ceil(from / step - 1e-9) * step; t <= to + 1e-9; t += step)
    axis.ticks.emplace_back(t, label(t));
  return axis;
}

Axis number_axis(double largest, double p0, double p1, std::string (*label)(double)) {
  Axis axis;
  axis.p0 = p0;
  axis.p1 = p1;
  const double raw = std::max(largest, 1e-9) / 5;
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  double step = magnitude * 10;
  for (double m : {1.0, 2.0, 5.0})
    if (magnitude * m >= raw) {
      step = magnitude * m;
      break;
    }
  axis.hi = std::ceil(largest / step) * step;
  if (axis.hi <= 0)
    axis.hi = step;
  for (int i = 0; i * step <= axis.hi + step / 2; ++i)
    axis.ticks.emplace_back(i * step, label(i * step));
  return axis;
}

Axis fraction_axis(double p0, double p1) {
  Axis axis{0, 1, false, false, p0, p1, {}, {}};
  for (int i = 0; i <= 4; ++i)
    axis.ticks.emplace_back(i * 0.25, std::to_string(i * 25) + " %");
  return axis;
}

void thin_ticks(Axis& axis, double size) {
  constexpr double gap = 10;
  const auto crowded = [&] {
    for (std::size_t i = 1; i < axis.ticks.size(); ++i) {
      const double distance = std::fabs(axis(axis.ticks[i].first) - axis(axis.ticks[i - 1].first));
      if (distance < (text_width(axis.ticks[i].second, size) + text_width(axis.ticks[i - 1].second, size)) / 2 + gap)
        return true;
    }
    return false;
  };
  while (axis.ticks.size() > 2 && crowded()) {
    std::vector<std::pair<double, std::string>> kept;
    for (std::size_t i = 0; i < axis.ticks.size(); i += 2)
      kept.push_back(axis.ticks[i]);
    axis.ticks = std::move(kept);
  }
}

} // namespace drsim::svg
