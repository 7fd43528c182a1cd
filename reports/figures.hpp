// Figures as every writer prints them, so that a number reads the same in each format.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "sim/core/units.hpp"
#include "sim/measure/objectives.hpp"
#include "sim/measure/report.hpp"

namespace drsim {

// Fixed decimals: the same bytes on every run and platform, whatever the stream's locale.
inline std::string decimal(double value, int decimals) { return fmt::format("{:.{}f}", value, decimals); }

// "99.9512 %": format_figure's availability, with the decimals the caller needs (a long run's nines need four).
inline std::string percent(double fraction, int decimals) { return decimal(fraction * 100, decimals) + " %"; }

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

// "1,234,567": whole numbers with thousands separated by commas, as format_figure prints counts and dollars.
inline std::string grouped(double value) { return figure_number(Metric::LostWrites, std::round(value)); }

// "$1,475": for a column whose header says it is a monthly cost, and a chart's axis of monthly costs.
inline std::string whole_dollars(double usd) {
  // Appended in steps: GCC 12 warns falsely (-Wrestrict) on "$" + a temporary string.
  std::string text = "$";
  text += grouped(usd);
  return text;
}

// A duration for a table column, where every row reads alike: whole minutes past an hour ("1h 41m", "2h 00m", never
// "2h" beside it), seconds always below it ("12m 00s"), tenths below a minute ("44.0s" beside "46.5s"),
// milliseconds below a second, and "1d 04h" past a day.
inline std::string column_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds == 0 || std::round(seconds * 1000) < 1000)
    return format_duration(seconds);
  if (std::round(seconds * 10) < 600)
    return fmt::format("{:.1f}s", std::round(seconds * 10) / 10);
  const double whole = std::round(seconds);
  if (whole < 3600)
    return fmt::format("{:.0f}m {:02.0f}s", std::floor(whole / 60), std::fmod(whole, 60));
  const double minutes = std::round(seconds / 60);
  if (minutes < 24 * 60)
    return fmt::format("{:.0f}h {:02.0f}m", std::floor(minutes / 60), std::fmod(minutes, 60));
  const double hours = std::round(seconds / 3600);
  return fmt::format("{:.0f}d {:02.0f}h", std::floor(hours / 24), std::fmod(hours, 24));
}

// One statistic of a summary of seconds for a table; "-" when nothing was summarised (no drill recovered, no outage
// ended).
inline std::string duration_of(const Summary& s, double Summary::*stat) {
  return s.count == 0 ? "-" : column_duration(s.*stat);
}

// Whether no drill of the strategy recovered: its data was never served again, so what it lost is unknown, and
// reports show "-" rather than the 0 nothing measured.
inline bool data_unknown(const StrategyReport& r) { return r.runs > 0 && r.unrecovered_runs == r.runs; }

// A word for a POSIX shell: as it is when it holds nothing the shell would read, else in single quotes.
inline std::string shell_word(const std::string& word) {
  constexpr const char* plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%";
  if (!word.empty() && word.find_first_not_of(plain) == std::string::npos)
    return word;
  std::string quoted = "'";
  for (const char c : word)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// The one command that replays a drill with its full timeline, in pieces a line may break between: "drsim run
// FILE", "--strategy S", "--seed N".
inline std::vector<std::string> replay_pieces(const std::string& scenario_file, const std::string& strategy,
                                              std::uint64_t seed) {
  return {"drsim run " + shell_word(scenario_file), "--strategy " + shell_word(strategy),
          "--seed " + std::to_string(seed)};
}

// The same on one line: "drsim run FILE --strategy S --seed N".
inline std::string replay_command(const std::string& scenario_file, const std::string& strategy, std::uint64_t seed) {
  const auto pieces = replay_pieces(scenario_file, strategy, seed);
  return pieces[0] + " " + pieces[1] + " " + pieces[2];
}

// "worst drill: run 17, seed 123...; replay: drsim run ...": what a failing objective says of the drill behind it;
// empty when there is none (a monthly cost).
inline std::string worst_drill_text(const std::string& scenario_file, const std::string& strategy,
                                    const ObjectiveResult& o) {
  if (!o.worst)
    return "";
  return "worst drill: run " + std::to_string(o.worst->run + 1) + ", seed " + std::to_string(o.worst->seed) +
         "; replay: " + replay_command(scenario_file, strategy, o.worst->seed);
}

// A 95 % interval for people, its bounds printed by `figure`: "40m 01s-52m 10s" (or "40m 01s to 52m 10s" with that
// `separator`, "0.4-1.1 min" with a unit both share), one figure when both bounds print the same; open on a side: ">=
// 40m 01s" or "<= 52m 10s"; "?" when the drills bound neither side. A bound beyond any figure (an unrecovered drill's
// RTO) is an open side.
template <class Figure>
std::string interval_text(const std::optional<Interval>& interval, Figure figure, const std::string& separator = "-") {
  const auto bound = [](const std::optional<double>& value) {
    return value && std::isfinite(*value) ? value : std::nullopt;
  };
  const auto low = interval ? bound(interval->low) : std::nullopt;
  const auto high = interval ? bound(interval->high) : std::nullopt;
  if (low && high) {
    auto from = figure(*low);
    const auto to = figure(*high);
    if (from == to)
      return from;
    // A unit both bounds end in is said once: "0.4-1.1 min", "93.818-94.030 %".
    const auto unit = [](const std::string& text) {
      const auto space = text.rfind(' ');
      const auto word = space == std::string::npos ? std::string() : text.substr(space);
      return word.find_first_of("0123456789") == std::string::npos ? word : std::string();
    };
    if (!unit(from).empty() && unit(from) == unit(to))
      from.erase(from.size() - unit(to).size());
    return from + separator + to;
  }
  if (low)
    return ">= " + figure(*low);
  if (high)
    return "<= " + figure(*high);
  return "?";
}

// The 95 % interval of an objective's statistic for people; empty where the statistic has none to show (a max, a
// monthly cost, one drill, an objective not evaluated).
// Its bounds read as table figures do, with more decimals where one would print like the target without being it.
inline std::string objective_interval(const ObjectiveResult& o, const std::string& separator) {
  if (o.verdict == Verdict::OneDrill || o.stat == Statistic::Max || o.metric == Metric::MonthlyCost || !o.met)
    return "";
  const bool duration = o.metric == Metric::Rto || o.metric == Metric::Rpo;
  const auto figure = [&](double value) { return duration ? column_duration(value) : format_figure(o.metric, value); };
  return interval_text(
      o.interval,
      [&](double value) {
        const auto text = figure(value);
        return value != o.target && text == figure(o.target) ? format_precise_figure(o.metric, value) : text;
      },
      separator);
}

// The 95 % intervals of a strategy's headline figures, as (label, interval for people) with `separator` between the
// bounds: RTO p50 and p95, RPO p50 and p95, lost writes p95, availability, and for a long run the downtime per month
// (mean and p95). A figure with nothing summarised, or unknown (data_unknown()), reads "-".
inline std::vector<std::pair<std::string, std::string>> interval_cells(const StrategyReport& r,
                                                                       const std::string& separator) {
  const bool unknown = data_unknown(r);
  const auto duration = [&](const Summary& s, const std::optional<Interval> Summary::*interval) {
    return s.count == 0 ? "-" : interval_text(s.*interval, column_duration, separator);
  };
  std::vector<std::pair<std::string, std::string>> cells{
      {"RTO p50", duration(r.rto_s, &Summary::p50_ci)},
      {"RTO p95", duration(r.rto_s, &Summary::p95_ci)},
      {"RPO p50", unknown ? "-" : duration(r.rpo_s, &Summary::p50_ci)},
      {"RPO p95", unknown ? "-" : duration(r.rpo_s, &Summary::p95_ci)},
      {"lost writes p95",
       unknown || r.lost_writes.count == 0 ? "-" : interval_text(r.lost_writes.p95_ci, grouped, separator)},
      {"availability", interval_text(
                           r.availability_ci, [](double fraction) { return percent(fraction, 3); }, separator)}};
  if (r.long_run) {
    const auto& downtime = r.long_run->downtime_min_per_month;
    const auto minutes = [](double value) { return format_figure(Metric::MonthlyDowntime, value); };
    cells.emplace_back("downtime/month mean",
                       downtime.count == 0 ? "-" : interval_text(downtime.mean_ci, minutes, separator));
    cells.emplace_back("downtime/month p95",
                       downtime.count == 0 ? "-" : interval_text(downtime.p95_ci, minutes, separator));
  }
  return cells;
}

// "RPO p95, lost writes p95": the figures a pair of strategies is within noise in.
inline std::string listed_figures(const WithinNoise& pair) {
  std::string text;
  for (const auto& figure : pair.figures)
    text += (text.empty() ? "" : ", ") + figure;
  return text;
}

} // namespace drsim
