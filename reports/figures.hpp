// Figures as every writer prints them, so that a number reads the same in each format.
#pragma once

#include <string>

#include <fmt/format.h>

#include "sim/measure/objectives.hpp"
#include "sim/measure/report.hpp"
#include "sim/core/units.hpp"

namespace drsim {

// Fixed decimals: the same bytes on every run and platform, whatever the stream's locale.
inline std::string decimal(double value, int decimals) { return fmt::format("{:.{}f}", value, decimals); }

// "99.9512 %": format_figure's availability, with the decimals the caller needs (a long run's nines need four).
inline std::string percent(double fraction, int decimals) { return decimal(fraction * 100, decimals) + " %"; }

// One statistic of a summary of seconds; "-" when nothing was summarised (no drill recovered, no outage ended).
inline std::string duration_of(const Summary& s, double Summary::*stat) {
  return s.count == 0 ? "-" : format_duration(s.*stat);
}

// One statistic of a summary of downtime per month, as the objectives print it: "4.4 min".
inline std::string monthly_downtime_of(const Summary& s, double Summary::*stat) {
  return s.count == 0 ? "-" : format_figure(Metric::MonthlyDowntime, s.*stat);
}

// The mean of a summary of yearly counts, to hundredths: common-cause events come less than once a year.
inline std::string mean_per_year(const Summary& s) { return s.count == 0 ? "-" : decimal(s.mean, 2); }

// "5,733" for "5,733 writes": for a column whose header names the unit.
inline std::string figure_number(Metric metric, double value) {
  const auto text = format_figure(metric, value);
  return text.substr(0, text.find(' '));
}

} // namespace drsim
