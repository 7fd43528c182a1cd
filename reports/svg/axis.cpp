#include "reports/svg/axis.hpp"

#include <algorithm>
#include <chrono>
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

constexpr double hour = 3600;
constexpr double day = 86400;
constexpr double week = 7 * day;
constexpr const char* month_names[]{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

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

// 1, 2 or 5 times a power of ten: the first at or above `raw`.
double round_step(double raw) {
  const double magnitude = std::pow(10, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (magnitude * m >= raw)
      return magnitude * m;
  return magnitude * 10;
}

// The date of `t` seconds since 1970, UTC.
std::chrono::year_month_day date_of(double t) {
  const std::chrono::sys_seconds at{std::chrono::seconds{static_cast<long long>(std::floor(t))}};
  return std::chrono::year_month_day{std::chrono::floor<std::chrono::days>(at)};
}

// Seconds since 1970 at the start of the `index`-th month since year 0.
double month_start(long long index) {
  const std::chrono::year_month_day first{std::chrono::year{static_cast<int>(index / 12)},
                                          std::chrono::month{static_cast<unsigned>(index % 12 + 1)},
                                          std::chrono::day{1}};
  return static_cast<double>(std::chrono::sys_days{first}.time_since_epoch().count()) * day;
}

long long month_index(const std::chrono::year_month_day& date) {
  return static_cast<long long>(static_cast<int>(date.year())) * 12 + static_cast<unsigned>(date.month()) - 1;
}

std::string day_label(double t) {
  const auto date = date_of(t);
  return fmt::format("{} {}", static_cast<unsigned>(date.day()), month_names[static_cast<unsigned>(date.month()) - 1]);
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

Axis date_axis(double from, double to, double p0, double p1) {
  Axis axis{from, to, false, false, p0, p1, {}, {}};
  const double span = to - from;
  const int first_year = static_cast<int>(date_of(from).year()), last_year = static_cast<int>(date_of(to).year());
  const std::string years =
      first_year == last_year ? std::to_string(first_year) : fmt::format("{}-{}", first_year, last_year);
  if (span <= 2 * day) {
    const double step = step_among(span, 8, {hour / 4, hour / 2, hour, 2 * hour, 3 * hour, 6 * hour, 12 * hour});
    for (double t = std::ceil(from / step - 1e-9) * step; t <= to + 1e-9; t += step) {
      const double into_day = t - std::floor(t / day) * day;
      axis.ticks.emplace_back(t, fmt::format("{} {:02.0f}:{:02.0f}", day_label(t), std::floor(into_day / hour),
                                             std::fmod(into_day, hour) / 60));
    }
    axis.unit = "UTC, " + years;
  } else if (span <= 92 * day) {
    const double step = step_among(span, 10, {day, 2 * day, week, 2 * week});
    // 1970-01-01 was a Thursday: weeks start four days later, on Mondays.
    const double origin = step >= week ? 4 * day : 0;
    for (double t = origin + std::ceil((from - origin) / step - 1e-9) * step; t <= to + 1e-9; t += step)
      axis.ticks.emplace_back(t, day_label(t));
    axis.unit = "UTC, " + years;
  } else if (span <= 4 * 365.25 * day) {
    const auto months = static_cast<long long>(step_among(span / (30.44 * day), 10, {1, 2, 3, 6, 12}));
    for (long long m = (month_index(date_of(from)) / months) * months;; m += months) {
      const double t = month_start(m);
      if (t > to + 1e-9)
        break;
      if (t >= from - 1e-9)
        axis.ticks.emplace_back(t, fmt::format("{} {}", month_names[m % 12], m / 12));
    }
    axis.unit = "UTC";
  } else {
    const double span_years = span / (365.25 * day);
    const auto step = std::max(1LL, static_cast<long long>(round_step(span_years / 10)));
    for (long long y = (first_year / step) * step; y <= last_year; y += step) {
      const double t = month_start(y * 12);
      if (t >= from - 1e-9 && t <= to + 1e-9)
        axis.ticks.emplace_back(t, std::to_string(y));
    }
    axis.unit = "UTC";
  }
  return axis;
}

Axis number_axis(double largest, double p0, double p1, std::string (*label)(double)) {
  Axis axis;
  axis.p0 = p0;
  axis.p1 = p1;
  const double step = round_step(std::max(largest, 1e-9) / 5);
  axis.hi = std::ceil(largest / step) * step;
  if (axis.hi <= 0)
    axis.hi = step;
  for (int i = 0; i * step <= axis.hi + step / 2; ++i)
    axis.ticks.emplace_back(i * step, label(i * step));
  return axis;
}

Axis range_axis(double smallest, double largest, double p0, double p1,
                std::string (*label)(double value, double step)) {
  if (!(smallest < largest))
    smallest = largest - std::max(std::fabs(largest) * 1e-3, 1e-9);
  Axis axis;
  axis.p0 = p0;
  axis.p1 = p1;
  const double step = round_step((largest - smallest) / 5);
  axis.lo = std::floor(smallest / step + 1e-9) * step;
  axis.hi = std::max(std::ceil(largest / step - 1e-9) * step, axis.lo + step);
  for (int i = 0; axis.lo + i * step <= axis.hi + step / 2; ++i)
    axis.ticks.emplace_back(axis.lo + i * step, label(axis.lo + i * step, step));
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
