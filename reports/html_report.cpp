#include "reports/html_report.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "reports/html_page.hpp"
#include "reports/recommendation_text.hpp"
#include "reports/rto_anatomy_text.hpp"
#include "reports/run_chart.hpp"
#include "reports/svg/axis.hpp"
#include "reports/svg/canvas.hpp"
#include "reports/svg/frame.hpp"
#include "reports/svg/labels.hpp"
#include "reports/svg/markup.hpp"
#include "reports/svg/palette.hpp"
#include "sim/core/units.hpp"
#include "sim/core/version.hpp"
#include "sim/measure/objectives.hpp"
#include "sim/measure/strategy_figures.hpp"

namespace drsim {
namespace {

using html::badge;
using html::cell;
using html::header;
using html::legend;
using html::LegendEntry;
using html::page_end;
using html::page_start;
using svg::Axis;
using svg::Frame;
using svg::Label;
using svg::px;

// One curve of a cumulative distribution: `total` counts the values not reached too (an unrecovered drill's RTO),
// so such a curve ends below 100 %.
struct CdfSeries {
  std::string label;
  std::string colour;
  std::vector<std::pair<double, std::size_t>> steps; //!< seconds, with the values up to them (FigureStream)
  std::size_t total = 0;
  bool approximate = false; //!< the steps are a sketch's buckets
};

// The steps of a strategy's figure, if the report has its figures.
void take_steps(CdfSeries& series, const StrategyReport& r, FigureStream StrategyFigures::*figure) {
  if (!r.figures)
    return;
  const auto& stream = (*r.figures).*figure;
  series.steps = stream.cumulative();
  series.approximate = !stream.exact();
}

// Each strategy's colour, by its name (svg::strategy_colours): the same in every chart of every report.
std::vector<std::string> colours_of(const Report& report) {
  std::vector<std::string> names;
  for (const auto& r : report.results)
    names.push_back(r.strategy);
  return svg::strategy_colours(names);
}

bool long_run(const Report& report) {
  return std::any_of(report.results.begin(), report.results.end(),
                     [](const StrategyReport& r) { return r.long_run.has_value(); });
}

// Cumulative distributions of durations, one curve per strategy.
std::string cdf_figure(std::vector<CdfSeries> series, const std::string& name, const std::string& y_title,
                       const std::string& caption) {
  std::vector<double> all;
  bool approximate = false;
  for (const auto& s : series) {
    for (const auto& step : s.steps)
      all.push_back(step.first);
    approximate = approximate || s.approximate;
  }
  const std::string described =
      approximate ? caption + " Curves of more than " + grouped(static_cast<double>(exact_limit)) +
                        " values are drawn from a sketch, each step within 0.1 % of the values it stands for."
                  : caption;
  const Frame f;
  const Axis x = svg::duration_axis(all, f.left, f.right);
  const Axis y = svg::fraction_axis(f.bottom, f.top);
  std::ostringstream svg;
  svg << svg::open(f.width, f.height(), described)
      << svg::frame_svg(f, x, y, name + (x.log ? " (logarithmic scale)" : ""), y_title);
  std::vector<LegendEntry> entries;
  for (std::size_t s = 0; s < series.size(); ++s) {
    const auto& steps = series[s].steps;
    const double total = static_cast<double>(series[s].total);
    entries.push_back({series[s].colour, series[s].label, "line"});
    if (steps.empty())
      continue;
    svg << "<path class=\"series\" stroke=\"" << series[s].colour << "\" d=\"M" << px(x(steps[0].first)) << ' '
        << px(y(0));
    for (const auto& [value, up_to] : steps)
      svg << " H" << px(x(value)) << " V" << px(y(static_cast<double>(up_to) / total));
    svg << "\"/>";
  }
  svg << "</svg>";
  return "<figure>" + svg.str() + legend(entries) + "<figcaption>" + escape_markup(described) +
         "</figcaption></figure>";
}

// RTO or RPO over the drills of each strategy. Unrecovered drills have no RTO.
std::string drill_cdf_figure(const Report& report, Metric metric, const std::string& caption) {
  std::vector<CdfSeries> series;
  const auto colours = colours_of(report);
  for (const auto& r : report.results) {
    CdfSeries s{r.strategy, colours[series.size()], {}, static_cast<std::size_t>(r.runs)};
    if (metric == Metric::Rto && r.unrecovered_runs > 0)
      s.label += " (" + std::to_string(r.unrecovered_runs) + " of " + std::to_string(r.runs) + " unrecovered)";
    take_steps(s, r, metric == Metric::Rto ? &StrategyFigures::rto_s : &StrategyFigures::rpo_s);
    series.push_back(std::move(s));
  }
  return cdf_figure(std::move(series), metric == Metric::Rto ? "RTO" : "RPO", "drills at or below (cumulative)",
                    caption);
}

// Each run's downtime per month, as the long-run figures count it: its outages up to the horizon over its length
// in months.
std::string downtime_cdf_figure(const Report& report) {
  std::vector<CdfSeries> series;
  const auto colours = colours_of(report);
  for (const auto& r : report.results) {
    CdfSeries s{r.strategy, colours[series.size()], {}, static_cast<std::size_t>(r.runs)};
    if (r.long_run && r.long_run->years_per_run > 0) {
      take_steps(s, r, &StrategyFigures::downtime_s_per_month);
    } else {
      s.label += " (no long-run figures)";
    }
    series.push_back(std::move(s));
  }
  return cdf_figure(std::move(series), "downtime per month", "runs at or below (cumulative)",
                    "Downtime per month: the share of runs whose outages added up to at most a given time per month.");
}

// The length of every outage of every run of a long run: a run without an outage adds nothing (its RTO is not 0);
// an outage still under way at the horizon has no length, so a curve that ends below 100 % has such outages.
std::string outage_cdf_figure(const Report& report) {
  std::vector<CdfSeries> series;
  const auto colours = colours_of(report);
  for (const auto& r : report.results) {
    CdfSeries s{r.strategy, colours[series.size()], {}, 0};
    if (r.long_run) {
      s.total = static_cast<std::size_t>(r.long_run->outages);
      take_steps(s, r, &StrategyFigures::outage_length_s);
    }
    if (s.total == 0)
      s.label += " (no outage)";
    series.push_back(std::move(s));
  }
  return cdf_figure(std::move(series), "outage length", "outages at or below (cumulative)",
                    "Outage length: the share of outages over every run that ended within a given time. A curve that "
                    "ends below 100 % has outages still under way at the horizon.");
}

std::string dollars(double value) { return format_figure(Metric::MonthlyCost, value); }

// Monthly cost against RTO p95, one point per strategy: the trade-off the architect chooses on; for a long run,
// against the downtime per month (p95 over the runs), since its drills are years, not one recovery each.
std::string cost_figure(const Report& report) {
  const bool all_costed = std::all_of(report.results.begin(), report.results.end(),
                                      [](const StrategyReport& r) { return r.monthly_cost_usd.has_value(); });
  if (!all_costed)
    return "<div class=\"placeholder\"><strong>Monthly cost against RTO: not drawn.</strong> This report lacks the "
           "monthly cost of some strategies, so there is nothing true to plot. The chart appears here when the "
           "report carries a monthly cost for every strategy.</div>";
  const bool years = long_run(report);
  const auto figure = [&](const StrategyReport& r) -> std::optional<double> {
    if (years)
      return r.long_run ? std::optional(r.long_run->downtime_min_per_month.p95 * 60) : std::nullopt;
    return r.rto_s.count > 0 ? std::optional(r.rto_s.p95) : std::nullopt;
  };
  std::vector<double> plotted;
  double most = 0;
  for (const auto& r : report.results) {
    if (const auto value = figure(r))
      plotted.push_back(*value);
    most = std::max(most, *r.monthly_cost_usd);
  }
  Frame f;
  f.left = 96;
  const Axis x = svg::duration_axis(plotted, f.left, f.right);
  const Axis y = svg::number_axis(most * 1.08, f.bottom, f.top, whole_dollars);
  const std::string against = years ? "downtime per month p95" : "RTO p95";
  const std::string caption = years ? "Monthly cost against the downtime per month (p95 over the runs), one point "
                                      "per strategy."
                                    : "Monthly cost against RTO p95 (recovered drills), one point per strategy.";
  std::ostringstream svg;
  svg << svg::open(f.width, f.height(), caption)
      << svg::frame_svg(f, x, y, against + (x.log ? " (logarithmic scale)" : ""), "monthly cost (USD)");
  std::vector<LegendEntry> entries;
  const auto colours = colours_of(report);
  std::vector<svg::PointLabel> names;
  for (std::size_t s = 0; s < report.results.size(); ++s) {
    const auto& r = report.results[s];
    const auto value = figure(r);
    if (!value) {
      entries.push_back(
          {colours[s],
           r.strategy + (years ? " (no long-run figures: not plotted)" : " (no drill recovered: not plotted)"),
           "marker"});
      continue;
    }
    entries.push_back({colours[s], r.strategy, "marker"});
    const double cx = x(*value), cy = y(*r.monthly_cost_usd);
    svg << "<circle cx=\"" << px(cx) << "\" cy=\"" << px(cy) << "\" r=\"6\" fill=\"" << colours[s] << "\"/>";
    names.push_back({cx, cy, r.strategy});
  }
  svg << svg::point_labels_svg(names, f.width - 4, f.top);
  svg << "</svg>";
  return "<figure>" + svg.str() + legend(entries) + "<figcaption>" + escape_markup(caption) + "</figcaption></figure>";
}

// The success ratio of every client population over [from, to], with what happened marked: faults (red), their
// end (grey), alarms (orange triangles on top), runbook steps done (blue, named below the axis) and recovery
// (green).
std::string timeline_figure(const DrillResult& drill, double from, double to, const std::string& caption) {
  Frame f;
  auto inside = [&](double t) { return t >= from && t <= to; };
  // Positions depend only on the horizontal axis, so labels are placed before the vertical layout is known.
  const Axis x = svg::time_axis(from, to, f.left, f.right);
  std::vector<Label> markers, steps;
  for (const auto& event : drill.timeline) {
    if (!inside(event.time))
      continue;
    if (event.kind == EventKind::Fault)
      markers.push_back({x(event.time), "fault: " + event.detail, "fault"});
    else if (event.kind == EventKind::FaultEnded)
      markers.push_back({x(event.time), "fault ends: " + event.detail, "fault-ended"});
    else if (event.kind == EventKind::StepDone)
      steps.push_back({x(event.time), event.component, "step"});
  }
  const auto& m = drill.measurement;
  if (m.recovered_at && inside(*m.recovered_at))
    markers.push_back(
        {x(*m.recovered_at), "recovered (RTO " + format_duration(m.rto_s.value_or(0)) + ")", "recovered"});
  const auto marker_rows = svg::place_labels(markers, f.width - 4);
  const auto step_rows = svg::place_labels(steps, f.width - 4);
  f.top = 24 + 16 * static_cast<double>(std::max<std::size_t>(marker_rows, 1));
  f.bottom = f.top + 220;
  const Axis y = svg::fraction_axis(f.bottom, f.top);
  const double lane_top = f.bottom + 58;
  const double height = lane_top + 16 * static_cast<double>(step_rows) + (step_rows == 0 ? 0 : 8);
  auto marker_y = [&](const Label& label) { return f.top - 14 - 16 * static_cast<double>(label.row); };
  auto step_y = [&](const Label& label) { return lane_top + 16 * static_cast<double>(label.row); };

  std::ostringstream svg;
  svg << svg::open(f.width, height, caption)
      << svg::frame_svg(f, x, y, "simulated time since the drill started", "successful requests");
  for (const auto& step : steps)
    svg << "<line class=\"step\" x1=\"" << px(step.x) << "\" y1=\"" << px(f.top) << "\" x2=\"" << px(step.x)
        << "\" y2=\"" << px(step_y(step) - 4) << "\"/>";
  std::vector<LegendEntry> entries;
  for (std::size_t p = 0; p < drill.outcomes.size(); ++p) {
    const auto& series = drill.outcomes[p];
    entries.push_back({svg::population_colour(p), "clients: " + series.population, "line"});
    svg << html::ratio_path(series, x, y, from, to, svg::population_colour(p));
  }
  for (const auto& marker : markers)
    svg << html::marker_svg(marker, marker_y(marker), f.bottom);
  bool any_alarm = false;
  for (const auto& event : drill.timeline)
    if (inside(event.time) && (event.kind == EventKind::Alarm || event.kind == EventKind::HealthCheckFailed)) {
      any_alarm = true;
      const double at = x(event.time);
      svg << "<path class=\"alarm\" d=\"M" << px(at - 5) << ' ' << px(f.top - 2) << " L" << px(at + 5) << ' '
          << px(f.top - 2) << " L" << px(at) << ' ' << px(f.top + 7) << " Z\"><title>"
          << escape_markup(format_clock(event.time)) << ' ' << escape_markup(name_of(event.kind)) << ' '
          << escape_markup(event.component) << ": " << escape_markup(event.detail) << "</title></path>";
    }
  if (!steps.empty())
    svg << "<text class=\"lane\" x=\"" << px(f.left - 8) << "\" y=\"" << px(lane_top + 4)
        << "\" text-anchor=\"end\">steps</text>";
  for (const auto& step : steps)
    svg << "<circle class=\"step\" cx=\"" << px(step.x) << "\" cy=\"" << px(step_y(step)) << "\" r=\"3\"/>"
        << svg::label_svg(step, step_y(step) + 4);
  svg << "</svg>";
  entries.push_back({"#C62828", "fault", "dashed"});
  if (any_alarm)
    entries.push_back({"#EF6C00", "alarm or failed health check", "triangle"});
  if (!steps.empty())
    entries.push_back({"#1565C0", "runbook step done", "dotted"});
  if (m.recovered_at)
    entries.push_back({"#2E7D32", "recovered", "dashed"});
  return "<figure>" + svg.str() + legend(entries) + "<figcaption>" + escape_markup(caption) + "</figcaption></figure>";
}

// The anatomy of a drill's RTO as a Gantt chart: one bar per runbook step and per model activity, from its start
// to its end, labelled with its duration; the bars on the path that led to the recovery solid, the others pale.
std::string gantt_figure(const RtoAnatomy& anatomy, const std::string& caption) {
  double from = anatomy.onset, to = anatomy.recovered, widest = 0;
  for (const auto& activity : anatomy.activities) {
    from = std::min(from, activity.start);
    to = std::max(to, activity.end.value_or(to));
    widest = std::max(widest, svg::text_width(activity.name));
  }
  const double pad = 0.03 * std::max(to - from, 1.0);
  from = std::max(0.0, from - pad);
  to += pad;
  constexpr double row = 22;
  Frame f;
  f.left = std::clamp(widest + 16, 96.0, 360.0);
  f.top = 12;
  f.bottom = f.top + row * static_cast<double>(anatomy.activities.size()) + 8;
  const Axis x = svg::time_axis(from, to, f.left, f.right);
  Axis y{0, 1, false, false, f.bottom, f.top, {}, {}};
  std::ostringstream svg;
  svg << svg::open(f.width, f.height(), caption)
      << svg::frame_svg(f, x, y, "simulated time since the drill started", "");
  svg << "<line class=\"fault\" x1=\"" << px(x(anatomy.onset)) << "\" y1=\"" << px(f.top) << "\" x2=\""
      << px(x(anatomy.onset)) << "\" y2=\"" << px(f.bottom) << "\"/><line class=\"recovered\" x1=\""
      << px(x(anatomy.recovered)) << "\" y1=\"" << px(f.top) << "\" x2=\"" << px(x(anatomy.recovered)) << "\" y2=\""
      << px(f.bottom) << "\"/>";
  for (std::size_t i = 0; i < anatomy.activities.size(); ++i) {
    const auto& activity = anatomy.activities[i];
    const double top = f.top + 4 + row * static_cast<double>(i);
    const double x0 = x(activity.start), x1 = std::max(x(activity.end.value_or(to)), x0 + 2);
    const std::string duration =
        activity.end ? format_duration(*activity.end - activity.start) : "under way at the drill's end";
    svg << svg::text(f.left - 8, top + 12, activity.name, "text-anchor=\"end\"") << "<rect class=\"bar "
        << (activity.kind == "step" ? "step" : "model") << (activity.critical ? " critical" : "") << "\" x=\"" << px(x0)
        << "\" y=\"" << px(top) << "\" width=\"" << px(x1 - x0) << "\" height=\"14\" rx=\"2\"><title>"
        << escape_markup(activity.name + ": " + duration) << "</title></rect>";
    // The duration beside the bar: after it where there is room, else before it, else at the chart's edge.
    const double width = svg::text_width(duration);
    if (x1 + 6 + width <= f.width - 4)
      svg << svg::text(x1 + 6, top + 12, duration, "class=\"duration\"");
    else if (x0 - 6 - width >= f.left)
      svg << svg::text(x0 - 6, top + 12, duration, "class=\"duration\" text-anchor=\"end\"");
    else
      svg << svg::text(f.width - 4, top + 12, duration, "class=\"duration inside\" text-anchor=\"end\"");
  }
  svg << "</svg>";
  const std::vector<LegendEntry> entries{{"#1565C0", "runbook step on the path to recovery", "marker"},
                                         {"#6A3D9A", "what the models did, on the path", "marker"},
                                         {"#C62828", "outage onset", "dashed"},
                                         {"#2E7D32", "recovered", "dashed"}};
  return "<figure>" + svg.str() + legend(entries) + "<figcaption>" + escape_markup(caption) + "</figcaption></figure>";
}

void anatomy_table(std::ostream& out, const RtoAnatomyText& text) {
  out << "<table><thead><tr>";
  for (std::size_t i = 0; i < text.header.size(); ++i)
    out << (text.right[i] ? "<th class=\"num\">" : "<th>") << escape_markup(text.header[i]) << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const auto& row : text.rows) {
    out << "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      out << (text.right[i] ? "<td class=\"num\">" : "<td>") << escape_markup(row[i]) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
}

// A strategy's median phases as bars from zero on a linear axis, so that their lengths compare: one row per phase, in
// the strategy's colour, labelled with the median.
std::string phase_medians_figure(const RtoAnatomyMedians& medians, const std::string& colour,
                                 const std::string& caption) {
  double largest = 0, widest = 0;
  for (const auto& phase : medians.phases) {
    largest = std::max(largest, phase.median_s);
    widest = std::max(widest, svg::text_width(phase.name));
  }
  constexpr double row = 22;
  Frame f;
  f.left = std::clamp(widest + 16, 96.0, 360.0);
  f.top = 12;
  f.bottom = f.top + row * static_cast<double>(medians.phases.size()) + 8;
  // Only zero and the longest: a logarithmic axis would make the bars' lengths lie.
  const Axis x = svg::duration_axis({0, std::max(largest, 1.0)}, f.left, f.right);
  Axis y{0, 1, false, false, f.bottom, f.top, {}, {}};
  std::ostringstream svg;
  svg << svg::open(f.width, f.height(), caption) << svg::frame_svg(f, x, y, "median duration", "");
  for (std::size_t i = 0; i < medians.phases.size(); ++i) {
    const auto& phase = medians.phases[i];
    const double top = f.top + 4 + row * static_cast<double>(i);
    const double x0 = x(0), x1 = std::max(x(phase.median_s), x0 + 2);
    const std::string label = format_duration(phase.median_s);
    svg << svg::text(f.left - 8, top + 12, phase.name, "text-anchor=\"end\"") << "<rect x=\"" << px(x0) << "\" y=\""
        << px(top) << "\" width=\"" << px(x1 - x0) << "\" height=\"14\" rx=\"2\" fill=\"" << colour << "\"><title>"
        << escape_markup(phase.name + ": median " + label + " over " + std::to_string(phase.drills) + " drills")
        << "</title></rect>";
    const double width = svg::text_width(label);
    if (x1 + 6 + width <= f.width - 4)
      svg << svg::text(x1 + 6, top + 12, label, "class=\"duration\"");
    else
      svg << svg::text(x1 - 6, top + 12, label, "class=\"duration inside\" text-anchor=\"end\"");
  }
  svg << "</svg>";
  return "<figure>" + svg.str() + "<figcaption>" + escape_markup(caption) + "</figcaption></figure>";
}

// Per strategy, the median of each phase of its RTO over its drills.
void anatomy_medians_section(std::ostream& out, const Report& report) {
  const auto colours = colours_of(report);
  std::string note;
  for (std::size_t s = 0; s < report.results.size(); ++s) {
    const auto& r = report.results[s];
    if (!r.anatomy_medians)
      continue;
    if (note.empty())
      out << "<h2>Anatomy of the RTO</h2>\n<p>The median of each phase over the drills.</p>\n";
    const auto text = rto_anatomy_text(*r.anatomy_medians);
    out << "<h3>" << escape_markup(rto_anatomy_heading(r.strategy, *r.anatomy_medians)) << "</h3>\n";
    anatomy_table(out, text);
    out << phase_medians_figure(*r.anatomy_medians, colours[s],
                                "The median of each phase of " + r.strategy +
                                    "'s RTO over the drills that went "
                                    "through it.")
        << '\n';
    note = text.note;
  }
  if (!note.empty())
    out << "<p class=\"note\">" << escape_markup(note) << "</p>\n";
}

// The phases of the RTO as a table, then the Gantt chart of what happened.
void anatomy_section(std::ostream& out, const RtoAnatomy& anatomy) {
  const auto text = rto_anatomy_text(anatomy);
  out << "<h3>Anatomy of the RTO</h3>\n";
  anatomy_table(out, text);
  out << "<p class=\"note\">" << escape_markup(text.note) << "</p>\n"
      << gantt_figure(anatomy, "Runbook steps and what the models did, each from its start to its end; pale bars "
                               "were not on the path that led to the recovery.")
      << '\n';
}

// The objectives of the strategies as a table, after a banner that says whether they hold; for a comparison
// (`name_strategy`), the command that replays the worst drill of each objective that fails.
void objectives_section(std::ostream& out, const std::vector<const StrategyReport*>& strategies, bool name_strategy,
                        const std::string& scenario_file) {
  VerdictCounts counts;
  bool notes = false, intervals = false;
  for (const auto* r : strategies)
    for (const auto& o : r->objectives) {
      counts.add(o);
      notes = notes || !o.note.empty();
      intervals = intervals || !objective_interval(o, "").empty();
    }
  if (counts.total() == 0) {
    out << "<p class=\"note\">The scenario sets no objectives.</p>\n";
    return;
  }
  const char* cls = counts.not_met > 0       ? "failed"
                    : counts.cannot_tell > 0 ? "unknown"
                    : counts.met > 0         ? "met"
                                             : "skipped";
  out << "<div class=\"banner " << cls << "\">";
  if (counts.within_on_one_drill + counts.beyond_on_one_drill > 0) {
    out << "One drill: " << escape_markup(counts.text())
        << ". A drill is one sample: whether a p95 or a mean holds takes many (drsim compare).";
  } else {
    out << counts.met << " of " << counts.total() << " objectives met";
    if (counts.not_met > 0)
      out << ", " << counts.not_met << " not met";
    if (counts.cannot_tell > 0)
      out << ", " << counts.cannot_tell << " cannot tell with " << counts.runs
          << " runs (the 95 % interval straddles the target: more drills would decide)";
    if (counts.not_evaluated > 0)
      out << ", " << counts.not_evaluated << " not evaluated";
  }
  out << "</div>\n<table><thead><tr>" << (name_strategy ? "<th>strategy</th>" : "")
      << "<th>objective</th><th class=\"num\">target</th><th class=\"num\">observed</th>"
      << (intervals ? "<th class=\"num\">95 % interval</th>" : "") << "<th>verdict</th>"
      << (notes ? "<th>note</th>" : "") << "</tr></thead><tbody>\n";
  for (const auto* r : strategies)
    for (const auto& o : r->objectives)
      out << "<tr>" << (name_strategy ? cell(r->strategy) : "") << cell(objective_label(o))
          << cell(objective_target(o), true) << cell(format_observed(o), true)
          << (intervals ? cell(objective_interval(o, "\u2009\u2013\u2009"), true) : "") << "<td>" << badge(o) << "</td>"
          << (notes ? cell(o.note) : "") << "</tr>\n";
  out << "</tbody></table>\n";
  if (!name_strategy)
    return;
  std::string replays;
  for (const auto* r : strategies)
    for (const auto& o : r->objectives)
      if ((o.verdict == Verdict::NotMet || o.verdict == Verdict::CannotTell) && o.worst)
        replays += "<li>" +
                   escape_markup(r->strategy + ", " + objective_label(o.metric, o.stat) + ": run " +
                                 std::to_string(o.worst->run + 1) + ", seed " + std::to_string(o.worst->seed)) +
                   ": <code>" + escape_markup(replay_command(scenario_file, r->strategy, o.worst->seed)) +
                   "</code></li>";
  if (!replays.empty())
    out << "<p class=\"note\">The worst drill of each objective not met or undecided, to replay with its "
           "timeline:</p><ul class=\"replays\">"
        << replays << "</ul>\n";
}

// The long-run figures of the strategies that have them and the distribution of their monthly downtime; nothing
// when none has.
void long_run_section(std::ostream& out, const Report& report) {
  if (std::none_of(report.results.begin(), report.results.end(),
                   [](const StrategyReport& r) { return r.long_run.has_value(); }))
    return;
  out << "<h2>Long-run availability</h2>\n<div class=\"wide\"><table>"
      << header({{"strategy", false},
                 {"availability", true},
                 {"downtime/month mean", true},
                 {"downtime/month p50", true},
                 {"downtime/month p95", true},
                 {"downtime/month p99", true},
                 {"outages/year mean", true},
                 {"outage length p50", true},
                 {"outage length p95", true}})
      << "<tbody>\n";
  std::string unended;
  for (const auto& r : report.results) {
    if (!r.long_run)
      continue;
    const auto& l = *r.long_run;
    const auto& downtime = l.downtime_min_per_month;
    out << "<tr>" << cell(r.strategy) << cell(percent(r.availability, 4), true)
        << cell(monthly_downtime_of(downtime, &Summary::mean), true)
        << cell(monthly_downtime_of(downtime, &Summary::p50), true)
        << cell(monthly_downtime_of(downtime, &Summary::p95), true)
        << cell(monthly_downtime_of(downtime, &Summary::p99), true) << cell(mean_per_year(l.outages_per_year), true)
        << cell(duration_of(l.outage_length_s, &Summary::p50), true)
        << cell(duration_of(l.outage_length_s, &Summary::p95), true) << "</tr>\n";
    if (l.unended_outages > 0)
      unended += " " + r.strategy + ": " + std::to_string(l.unended_outages) + " of " + std::to_string(l.outages) +
                 " outages were still under way at the horizon; their length is not counted.";
  }
  out << "</tbody></table></div>\n<p class=\"note\">"
      << escape_markup("Availability: successful requests over the horizon, mean of the runs. Downtime per month: "
                       "each run's downtime over its length in months, summarised over the runs. Outages per year: "
                       "mean of the runs. Outage length: over every outage that ended." +
                       unended)
      << "</p>\n"
      << downtime_cdf_figure(report) << '\n';
}

void failback_section(std::ostream& out, const Report& report) {
  if (std::none_of(report.results.begin(), report.results.end(),
                   [](const StrategyReport& r) { return r.failback.has_value(); }))
    return;
  out << "<h2>Failback</h2>\n<div class=\"wide\"><table>"
      << header({{"strategy", false},
                 {"drills", true},
                 {"unfinished", true},
                 {"duration p50", true},
                 {"duration p95", true},
                 {"downtime p50", true},
                 {"downtime p95", true},
                 {"lost writes max", true},
                 {"both regions mean", true}})
      << "<tbody>\n";
  for (const auto& r : report.results)
    if (const auto& f = r.failback)
      out << "<tr>" << cell(r.strategy) << cell(std::to_string(f->runs), true)
          << cell(std::to_string(f->unfinished_runs), true) << cell(duration_of(f->duration_s, &Summary::p50), true)
          << cell(duration_of(f->duration_s, &Summary::p95), true)
          << cell(duration_of(f->downtime_s, &Summary::p50), true)
          << cell(duration_of(f->downtime_s, &Summary::p95), true)
          << cell(format_figure(Metric::LostWrites, f->lost_writes.max), true)
          << cell(dollars(f->both_regions_usd.mean), true) << "</tr>\n";
  out << "</tbody></table></div>\n<p class=\"note\">"
      << escape_markup("From the original region's health check passing again to the last failback step; downtime: "
                       "the failback's outages as the clients saw them; both regions: the capacity beyond the steady "
                       "state from the fault to the failback's end, per drill.")
      << "</p>\n";
}

void recommendation_section(std::ostream& out, const Report& report) {
  const auto text = recommendation_text(report, recommend(report));
  out << "<h2>Recommendation</h2>\n";
  for (const auto& sentence : text.sentences) {
    out << (&sentence == &text.sentences.front() ? "<p class=\"answer\">" : "<p>") << escape_markup(sentence)
        << "</p>\n";
    if (sentence.ends_with("misses:")) {
      out << "<ul>";
      for (const auto& miss : text.misses)
        out << "<li>" << escape_markup(miss) << "</li>";
      out << "</ul>\n";
    }
  }
  out << "<table><thead><tr>";
  for (std::size_t i = 0; i < text.header.size(); ++i)
    out << (i == 0 || i + 1 == text.header.size() ? "<th>" : "<th class=\"num\">") << escape_markup(text.header[i])
        << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const auto& row : text.rows) {
    out << "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      out << cell(row[i], i > 0 && i + 1 < row.size());
    out << "</tr>\n";
  }
  out << "</tbody></table>\n";
}

} // namespace

void write_compare_html(std::ostream& out, const Report& report) {
  page_start(out, "drsim compare: " + report.scenario);
  out << "<h1>" << escape_markup(report.scenario) << "</h1>\n<p class=\"meta\">drsim compare &middot; " << report.runs
      << " drills per strategy &middot; seed " << report.seed << " &middot; drsim " << escape_markup(version)
      << "</p>\n";

  out << "<h2>Results</h2>\n<div class=\"wide\"><table>"
      << header({{"strategy", false},
                 {"drills", true},
                 {"unrecovered", true},
                 {"RTO p50", true},
                 {"RTO p95", true},
                 {"RTO max", true},
                 {"RPO p50", true},
                 {"RPO p95", true},
                 {"lost writes p95", true},
                 {"availability", true},
                 {"monthly cost", true}})
      << "<tbody>\n";
  for (const auto& r : report.results) {
    // Each figure with its 95 % interval beneath it, in the order interval_cells() gives them.
    const auto intervals = interval_cells(r, "\u2009\u2013\u2009");
    const auto with_interval = [&](const std::string& figure, std::size_t i) {
      return "<td class=\"num\">" + escape_markup(figure) + "<span class=\"ci\">" + escape_markup(intervals[i].second) +
             "</span></td>";
    };
    const bool unknown = data_unknown(r);
    out << "<tr>" << cell(r.strategy) << cell(std::to_string(r.runs), true)
        << cell(std::to_string(r.unrecovered_runs), true) << with_interval(duration_of(r.rto_s, &Summary::p50), 0)
        << with_interval(duration_of(r.rto_s, &Summary::p95), 1) << cell(duration_of(r.rto_s, &Summary::max), true)
        << (unknown ? cell("-", true) : with_interval(duration_of(r.rpo_s, &Summary::p50), 2))
        << (unknown ? cell("-", true) : with_interval(duration_of(r.rpo_s, &Summary::p95), 3))
        << (unknown ? cell("-", true) : with_interval(figure_number(Metric::LostWrites, r.lost_writes.p95), 4))
        << with_interval(format_figure(Metric::Availability, r.availability), 5)
        << cell(r.monthly_cost_usd ? dollars(*r.monthly_cost_usd) : "-", true) << "</tr>\n";
  }
  out << "</tbody></table></div>\n<p class=\"note\">RTO over the drills that recovered within the horizon; RPO and "
         "lost writes (acknowledged writes missing after recovery) over every drill, unknown (-) when none "
         "recovered; availability: mean over the drills.</p>\n";
  out << "<p class=\"note\">Beneath each figure, its 95 % confidence interval: the true figure lies within it with 95 "
         "% "
         "confidence (Student's t for the mean, order statistics for percentiles; a side marked &ge; or &le; is "
         "open: too few drills to bound it).";
  const auto pairs = within_noise(report);
  if (!pairs.empty()) {
    out << " <strong>Within noise</strong> (the intervals overlap, so these drills do not tell the two apart):";
    for (const auto& pair : pairs)
      out << (&pair == &pairs.front() ? " " : "; ") << escape_markup(pair.first) << " and "
          << escape_markup(pair.second) << " in " << escape_markup(listed_figures(pair));
    out << '.';
  }
  out << "</p>\n";
  long_run_section(out, report);
  failback_section(out, report);
  anatomy_medians_section(out, report);

  out << "<h2>Objectives</h2>\n";
  std::vector<const StrategyReport*> strategies;
  for (const auto& r : report.results)
    strategies.push_back(&r);
  objectives_section(out, strategies, true, report.scenario_file);

  out << "<h2>Distributions over the drills</h2>\n"
      << (long_run(report) ? outage_cdf_figure(report)
                           : drill_cdf_figure(report, Metric::Rto,
                                              "RTO: the share of drills that recovered within a given time. A curve "
                                              "that ends below 100 % has drills that never recovered within the "
                                              "horizon."))
      << '\n'
      << drill_cdf_figure(report, Metric::Rpo, "RPO: the share of drills that lost at most a given span of writes.")
      << "\n<h2>" << (long_run(report) ? "Cost against downtime" : "Cost against RTO") << "</h2>\n"
      << cost_figure(report) << '\n';
  recommendation_section(out, report);
  if (report.evidence)
    write_evidence_html(out, *report.evidence);
  page_end(out);
}

void write_run_html(std::ostream& out, const Report& report) {
  page_start(out, "drsim run: " + report.scenario);
  out << "<h1>" << escape_markup(report.scenario)
      << "</h1>\n<p class=\"meta\">drsim run &middot; one drill per strategy "
      << "&middot; seed " << report.seed << " &middot; drsim " << escape_markup(version) << "</p>\n";
  write_drill_sections(out, report, true);
  if (report.evidence)
    write_evidence_html(out, *report.evidence);
  page_end(out);
}

void write_drill_sections(std::ostream& out, const Report& report, bool with_objectives) {
  // The incident fills the first chart of each drill; the whole drill (failback included) gets a second one when
  // the incident is only a small part of it. Every strategy's charts share one time scale, from the earliest
  // incident's start to the latest's end, so that they read side by side.
  double from = std::numeric_limits<double>::infinity(), to = 0, end = 0;
  for (const auto& r : report.results)
    for (const auto& drill : r.drills) {
      const auto& m = drill.measurement;
      const double drill_end = std::max(drill.end, m.recovered_at.value_or(0));
      const double span = std::max(60.0, m.recovered_at.value_or(drill_end) - drill.fault_onset);
      const double start = std::max(0.0, drill.fault_onset - 0.08 * span);
      from = std::min(from, start);
      to = std::max(to, std::min(std::max(drill_end, start + 60), m.recovered_at.value_or(drill_end) + 0.12 * span));
      end = std::max(end, drill_end);
    }
  for (const auto& r : report.results)
    for (const auto& drill : r.drills) {
      const auto& m = drill.measurement;
      out << "<h2>" << escape_markup(r.strategy) << "</h2>\n<div class=\"cards\">";
      auto card = [&](const std::string& label, const std::string& value) {
        out << "<div class=\"card\"><div class=\"label\">" << escape_markup(label) << "</div><div class=\"value\">"
            << escape_markup(value) << "</div></div>";
      };
      card("RTO", m.rto_s ? format_duration(*m.rto_s) : "unrecovered");
      card("RPO", format_duration(m.rpo_s));
      card("lost writes", format_figure(Metric::LostWrites, std::round(m.lost_writes)));
      card("availability", format_figure(Metric::Availability, m.availability));
      if (drill.lost_objects > 0)
        card("lost objects", std::to_string(std::llround(drill.lost_objects)));
      if (const auto& f = drill.failback) {
        card("failback", f->duration_s ? format_duration(*f->duration_s) : "unfinished");
        card("failback downtime", format_duration(f->downtime_s));
        card("failback lost writes", format_figure(Metric::LostWrites, std::round(f->lost_writes)));
        if (r.failback)
          card("both regions", format_figure(Metric::MonthlyCost, r.failback->both_regions_usd.mean));
      }
      out << "</div>\n<p class=\"note\">Fault at " << format_clock(drill.fault_onset);
      if (m.first_failure)
        out << ", first failed request at " << format_clock(*m.first_failure);
      out << (m.recovered_at ? ", recovered at " + format_clock(*m.recovered_at) : std::string(", not recovered"));
      if (const auto& f = drill.failback)
        out << ", degraded in the recovery region until the failback began at " << format_clock(f->start)
            << (f->end ? ", failed back at " + format_clock(*f->end) : std::string(", failback unfinished"));
      out << ", drill over at " << format_clock(drill.end) << " (simulated time since the drill started).</p>\n";

      if (r.anatomy)
        anatomy_section(out, *r.anatomy);
      if (with_objectives) {
        out << "<h3>Objectives</h3>\n";
        objectives_section(out, {&r}, false, report.scenario_file);
      }

      out << "<h3>Success ratio over time</h3>\n"
          << timeline_figure(drill, from, to,
                             "The incident: successful requests of each client population, from shortly before the "
                             "fault until after recovery.")
          << '\n';
      if (to - from < 0.8 * end)
        out << timeline_figure(drill, 0, end, "The whole drill, failback included.") << '\n';

      out << "<details><summary>All " << drill.timeline.size() << " events of the drill</summary>\n<table>"
          << header({{"time", true}, {"event", false}, {"component", false}, {"detail", false}}) << "<tbody>\n";
      for (const auto& event : drill.timeline)
        out << "<tr>" << cell(format_clock(event.time), true) << cell(name_of(event.kind)) << cell(event.component)
            << cell(event.detail) << "</tr>\n";
      out << "</tbody></table></details>\n";
    }
}

} // namespace drsim
