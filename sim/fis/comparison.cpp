#include "sim/fis/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "reports/html_page.hpp"
#include "reports/markdown_table.hpp"
#include "reports/run_chart.hpp"
#include "reports/svg/axis.hpp"
#include "reports/svg/canvas.hpp"
#include "reports/svg/frame.hpp"
#include "reports/svg/labels.hpp"
#include "reports/svg/markup.hpp"
#include "reports/svg/palette.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/units.hpp"
#include "sim/core/version.hpp"
#include "sim/fis/journal.hpp"

namespace drsim::fis {
namespace {

using nlohmann::json;

constexpr double never = std::numeric_limits<double>::infinity();

// The nearest-rank q-quantile of a sorted sample, as the simulator's summaries take them.
double nearest_rank(const std::vector<double>& sorted, double q) {
  const auto rank = static_cast<std::size_t>(std::ceil(q * static_cast<double>(sorted.size())));
  return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

std::optional<double> reached(double value) { return std::isinf(value) ? std::nullopt : std::optional(value); }

FigureComparison place(std::string figure, std::string label, std::optional<double> observed,
                       std::vector<double> simulated) {
  FigureComparison comparison;
  comparison.figure = std::move(figure);
  comparison.label = std::move(label);
  comparison.observed = observed;
  std::sort(simulated.begin(), simulated.end());
  const double value = observed.value_or(never);
  const auto below = std::lower_bound(simulated.begin(), simulated.end(), value) - simulated.begin();
  const auto equal = std::upper_bound(simulated.begin(), simulated.end(), value) - simulated.begin() - below;
  comparison.percentile =
      100 * (static_cast<double>(below) + 0.5 * static_cast<double>(equal)) / static_cast<double>(simulated.size());
  const double p5 = nearest_rank(simulated, 0.05);
  const double p95 = nearest_rank(simulated, 0.95);
  comparison.p5 = reached(p5);
  comparison.p50 = reached(nearest_rank(simulated, 0.5));
  comparison.p95 = reached(p95);
  comparison.never = static_cast<int>(std::count(simulated.begin(), simulated.end(), never));
  comparison.verdict = value < p5 ? Verdict::Below : value > p95 ? Verdict::Above : Verdict::Inside;
  return comparison;
}

std::string shown(const std::optional<double>& seconds) { return seconds ? format_duration(*seconds) : "never"; }

std::string observed_cell(const FigureComparison& figure) {
  return figure.verdict == Verdict::NotObserved ? "not seen" : shown(figure.observed);
}

std::string percentile_cell(const FigureComparison& figure) {
  return figure.percentile ? fmt::format("{:.1f}", *figure.percentile) : "-";
}

// The text's first column: as wide as its longest label, and never narrower than the figures' own.
std::size_t label_width(const Comparison& comparison) {
  std::size_t width = 24;
  for (const auto& figure : comparison.figures)
    width = std::max(width, figure.label.size());
  return width;
}

json seconds_json(const std::optional<double>& seconds) { return seconds ? json(*seconds) : json(nullptr); }

} // namespace

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
  case Verdict::Inside:
    return "inside p5..p95";
  case Verdict::Below:
    return "below p5";
  case Verdict::Above:
    return "above p95";
  case Verdict::NotSimulated:
    return "not simulated";
  case Verdict::NotObserved:
    return "not observed";
  }
  return "unknown";
}

Comparison compare_observed(ObservedDrill observed, const std::vector<SimulatedFigures>& simulated,
                            std::uint64_t seed) {
  if (simulated.empty())
    throw UsageError("fis compare needs at least one simulated drill");
  Comparison comparison;
  comparison.runs = static_cast<int>(simulated.size());
  comparison.seed = seed;
  if (observed.measurement) {
    const auto& m = *observed.measurement;
    const double onset = *observed.fault_onset;
    std::vector<double> impact, rto;
    for (const auto& drill : simulated) {
      impact.push_back(drill.impact_s.value_or(never));
      rto.push_back(drill.rto_s.value_or(never));
    }
    // The journal's times are to the millisecond, and so are the observed figures.
    const auto observed_figure = [](const std::optional<double>& seconds) {
      return seconds ? std::optional(to_millisecond(*seconds)) : std::nullopt;
    };
    comparison.figures.push_back(place("rto", "RTO (onset to recovery)", observed_figure(m.rto_s), std::move(rto)));
    comparison.figures.push_back(place(
        "impact", "onset to first failure",
        observed_figure(m.first_failure ? std::optional(*m.first_failure - onset) : std::nullopt), std::move(impact)));
    if (!observed.detectors.empty()) {
      std::vector<double> detection;
      for (const auto& drill : simulated)
        detection.push_back(drill.detection_s.value_or(never));
      auto figure =
          place("detection", "onset to detection",
                observed_figure(observed.detected_at ? std::optional(*observed.detected_at - onset) : std::nullopt),
                std::move(detection));
      if (figure.never == comparison.runs)
        figure.verdict = Verdict::NotSimulated;
      comparison.figures.push_back(std::move(figure));
    }
    for (const auto& step : observed.steps) {
      std::vector<double> done;
      for (const auto& drill : simulated) {
        const auto finished = drill.step_done_s.find(step.step);
        done.push_back(finished == drill.step_done_s.end() ? never : finished->second);
      }
      auto figure =
          place("step", "step " + step.step + " (" + step.action + " " + step.target + ")",
                observed_figure(step.done_at ? std::optional(*step.done_at - onset) : std::nullopt), std::move(done));
      figure.step = step.step;
      figure.action = step.action;
      if (!step.done_at) {
        figure.percentile = std::nullopt;
        figure.verdict = Verdict::NotObserved;
      } else if (figure.never == comparison.runs) {
        figure.verdict = Verdict::NotSimulated;
      }
      comparison.figures.push_back(std::move(figure));
    }
    const auto median_rto = comparison.figures.front().p50;
    for (const auto& drill : simulated)
      if (drill.rto_s == median_rto && (!comparison.median_drill || drill.run < comparison.median_drill->run))
        comparison.median_drill = drill;
  }
  comparison.observed = std::move(observed);
  return comparison;
}

namespace {

// The lines every format begins with: the run, what was observed and what was simulated.
std::string run_line(const Comparison& comparison) {
  const auto& observed = comparison.observed;
  return "FIS run " + observed.run_id + " of scenario " + observed.scenario + ", strategy " + observed.strategy + ": " +
         (observed.outcome.empty() ? "no end recorded" : observed.outcome);
}

std::string observed_line(const Comparison& comparison) {
  const auto& observed = comparison.observed;
  auto line =
      fmt::format("Observed: {} probe{} of {} URL{} ({} failed)", observed.probes, observed.probes == 1 ? "" : "s",
                  observed.urls.size(), observed.urls.size() == 1 ? "" : "s", observed.failed_probes);
  if (observed.fault_onset)
    line += ", fault onset " + format_clock(*observed.fault_onset) + " on the run's clock, observed to " +
            format_clock(observed.horizon);
  if (!observed.detectors.empty())
    line +=
        fmt::format("; {} detector{} watched, ", observed.detectors.size(), observed.detectors.size() == 1 ? "" : "s") +
        (observed.detected_at
             ? "first to see the fault: " + observed.detected_by + " at " + format_clock(*observed.detected_at)
             : std::string("none saw the fault"));
  return line;
}

std::string simulated_line(const Comparison& comparison) {
  return "Simulated: " + std::to_string(comparison.runs) + " drill" + (comparison.runs == 1 ? "" : "s") +
         " of strategy " + comparison.observed.strategy + ", seed " + std::to_string(comparison.seed);
}

const char* const figures_note =
    "A percentile is the share of simulated drills with a smaller figure (ties count half); \"never\": not\n"
    "reached within the horizon (simulated) or while observed. The observed RTO uses the scenario's recovery\n"
    "rule on the probes, each URL a client population.\n";

// Said when the run watched runbook steps.
const char* const steps_note =
    "A step's figure is from the onset to its change in the account (the run's watch) or to its end in the\n"
    "runbook (simulated); \"not seen\": the run never saw its change from the onset on, so it has no verdict.\n";

bool has_steps(const Comparison& comparison) {
  return std::any_of(comparison.figures.begin(), comparison.figures.end(),
                     [](const FigureComparison& figure) { return figure.figure == "step"; });
}

const char* badge_class(Verdict verdict) {
  return verdict == Verdict::Inside ? "met" : verdict == Verdict::NotObserved ? "skipped" : "failed";
}

} // namespace

void write_comparison_text(std::ostream& out, const Comparison& comparison) {
  out << run_line(comparison) << "\n" << observed_line(comparison) << "\n" << simulated_line(comparison) << "\n";
  if (comparison.figures.empty()) {
    out << "\nNothing to compare: " << comparison.observed.note << "\n";
    return;
  }
  const auto width = label_width(comparison);
  out << "\n"
      << fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10} {:>10}  {}\n", "figure", width, "observed", "percentile", "p5",
                     "p50", "p95", "verdict");
  for (const auto& figure : comparison.figures)
    out << fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10} {:>10}  {}\n", figure.label, width, observed_cell(figure),
                       percentile_cell(figure), shown(figure.p5), shown(figure.p50), shown(figure.p95),
                       verdict_name(figure.verdict));
  out << "\n" << figures_note << (has_steps(comparison) ? steps_note : "");
}

json comparison_json(const Comparison& comparison) {
  const auto& observed = comparison.observed;
  json figures = json::array();
  for (const auto& figure : comparison.figures) {
    json row{{"figure", figure.figure},
             {"observed_s", seconds_json(figure.observed)},
             {"percentile", seconds_json(figure.percentile)},
             {"p5_s", seconds_json(figure.p5)},
             {"p50_s", seconds_json(figure.p50)},
             {"p95_s", seconds_json(figure.p95)},
             {"never", figure.never},
             {"verdict", verdict_name(figure.verdict)}};
    if (figure.figure == "step") {
      row["step"] = figure.step;
      row["action"] = figure.action;
      row["label"] = figure.label;
    }
    figures.push_back(std::move(row));
  }
  json steps = json::array(); // absent from a run that watched no step, whose bytes stay as they were
  for (const auto& step : observed.steps)
    steps.push_back({{"step", step.step},
                     {"action", step.action},
                     {"target", step.target},
                     {"done_at_s", seconds_json(step.done_at)}});
  json result{{"drsim_fis_compare", 1},
              {"run_id", observed.run_id},
              {"scenario", observed.scenario},
              {"strategy", observed.strategy},
              {"plan_hash", observed.plan_hash},
              {"outcome", observed.outcome},
              {"observation",
               {{"urls", observed.urls},
                {"probes", observed.probes},
                {"failed_probes", observed.failed_probes},
                {"fault_onset_s", seconds_json(observed.fault_onset)},
                {"horizon_s", observed.horizon},
                {"detectors", observed.detectors},
                {"detected_at_s", seconds_json(observed.detected_at)},
                {"detected_by", observed.detected_by}}},
              {"simulated", {{"runs", comparison.runs}, {"seed", comparison.seed}}},
              {"figures", figures}};
  if (!steps.empty())
    result["observation"]["steps"] = steps;
  if (!observed.note.empty())
    result["note"] = observed.note;
  return result;
}

namespace {

std::vector<std::string> figure_cells(const FigureComparison& figure) {
  return {figure.label,
          observed_cell(figure),
          percentile_cell(figure),
          shown(figure.p5),
          shown(figure.p50),
          shown(figure.p95),
          std::string(verdict_name(figure.verdict))};
}

// The observation's chart: the worst URL's success ratio beside the median drill's worst population's, on the run's
// clock, with the onset, the first failure seen and both recoveries marked.
std::string success_ratio_figure(const Comparison& comparison) {
  const auto& observed = comparison.observed;
  const auto& measured = *observed.measurement;
  const auto& drill = *comparison.median_drill;
  const double onset = *observed.fault_onset;
  const OutcomeSeries observed_ratio{"observed", 0, worst_ratio(observed.outcomes, 0)};
  OutcomeSeries simulated_ratio{"simulated", 0, {}};
  for (const auto& [t, ratio] : drill.success_ratio.points)
    simulated_ratio.points.emplace_back(onset + t, ratio);
  // The simulated recovery may come after the observation ended: the chart reaches it.
  const double simulated_recovery = onset + drill.rto_s.value_or(0);
  const double latest = std::max({observed.horizon, simulated_recovery, onset + 60});
  const double lead = 0.08 * (latest - onset);
  const double from = std::max(0.0, onset - lead);
  const double to = std::max(observed.horizon, simulated_recovery + lead);
  svg::Frame f;
  const svg::Axis x = svg::time_axis(from, to, f.left, f.right);
  std::vector<svg::Label> markers{{x(onset), "fault onset " + format_clock(onset), "fault"}};
  if (measured.first_failure)
    markers.push_back({x(*measured.first_failure),
                       "first failure seen (+" + format_duration(*measured.first_failure - onset) + ")", "detected"});
  if (observed.detected_at)
    markers.push_back({x(*observed.detected_at),
                       observed.detected_by + " (+" + format_duration(*observed.detected_at - onset) + ")",
                       "detected"});
  for (const auto& step : observed.steps)
    if (step.done_at)
      markers.push_back(
          {x(*step.done_at), "step " + step.step + " seen (+" + format_duration(*step.done_at - onset) + ")", "step"});
  if (measured.recovered_at)
    markers.push_back(
        {x(*measured.recovered_at), "observed recovery (RTO " + shown(measured.rto_s) + ")", "recovered"});
  if (drill.rto_s)
    markers.push_back(
        {x(onset + *drill.rto_s), "simulated recovery (RTO " + shown(drill.rto_s) + ")", "recovered simulated"});
  const auto rows = svg::place_labels(markers, f.width - 4);
  f.top = 24 + 16 * static_cast<double>(std::max<std::size_t>(rows, 1));
  f.bottom = f.top + 220;
  const svg::Axis y = svg::fraction_axis(f.bottom, f.top);
  const auto simulated_colour = svg::strategy_colours({observed.strategy}).front();
  const auto observed_colour = svg::population_colour(0);

  std::ostringstream chart;
  chart << svg::open(f.width, f.height(), "success ratio observed and simulated")
        << svg::frame_svg(f, x, y, "time on the run's clock", "successful requests")
        << html::ratio_path(simulated_ratio, x, y, from, to, simulated_colour, "series simulated")
        << html::ratio_path(observed_ratio, x, y, from, std::min(to, observed.horizon), observed_colour);
  for (const auto& marker : markers)
    chart << html::marker_svg(marker, f.top - 14 - 16 * static_cast<double>(marker.row), f.bottom);
  chart << "</svg>";
  std::vector<html::LegendEntry> entries{
      {observed_colour, "observed by the prober (worst URL)", "line"},
      {simulated_colour, "simulated drill " + std::to_string(drill.run + 1) + " (the median RTO)", "dashed"},
      {"#C62828", "fault onset", "dashed"},
      {"#EF6C00", "first failure seen", "dashed"},
      {"#2E7D32", "recovery", "dashed"}};
  if (std::any_of(observed.steps.begin(), observed.steps.end(), [](const ObservedStep& step) { return step.done_at; }))
    entries.push_back({"#1565C0", "runbook step seen in the account", "dashed"});
  return "<figure>" + chart.str() + html::legend(entries) + "<figcaption>" +
         escape_markup("The successful requests of the worst health URL as the prober saw them, beside those of the "
                       "worst client population in simulated drill " +
                       std::to_string(drill.run + 1) + " of " + std::to_string(comparison.runs) +
                       ", the first whose RTO is the simulated median, shifted so that its fault begins at the "
                       "observed onset.") +
         "</figcaption></figure>\n";
}

} // namespace

void write_comparison_markdown(std::ostream& out, const Comparison& comparison) {
  out << "# FIS run " << comparison.observed.run_id << "\n\n"
      << run_line(comparison) << "\n\n- " << observed_line(comparison) << "\n- " << simulated_line(comparison)
      << "\n\n";
  if (comparison.figures.empty()) {
    out << "Nothing to compare: " << comparison.observed.note << "\n";
    return;
  }
  MarkdownTable table({"figure", "observed", "percentile", "p5", "p50", "p95", "verdict"},
                      {false, true, true, true, true, true, false});
  for (const auto& figure : comparison.figures)
    table.add(figure_cells(figure));
  table.write(out);
  std::string note = figures_note;
  if (has_steps(comparison))
    note += steps_note;
  std::replace(note.begin(), std::prev(note.end()), '\n', ' ');
  out << note;
}

void write_comparison_html(std::ostream& out, const Comparison& comparison) {
  const auto& observed = comparison.observed;
  html::page_start(out, "drsim fis compare: " + observed.scenario + ", run " + observed.run_id);
  out << "<h1>" << escape_markup(observed.scenario) << ": FIS run " << escape_markup(observed.run_id)
      << "</h1>\n<p class=\"meta\">drsim fis compare &middot; strategy " << escape_markup(observed.strategy)
      << " &middot; " << comparison.runs << " simulated drill" << (comparison.runs == 1 ? "" : "s") << " &middot; seed "
      << comparison.seed << " &middot; drsim " << escape_markup(version) << "</p>\n<p>"
      << escape_markup(run_line(comparison)) << "<br>" << escape_markup(observed_line(comparison)) << "<br>"
      << escape_markup(simulated_line(comparison)) << "</p>\n";
  if (comparison.figures.empty()) {
    out << "<p class=\"placeholder\">Nothing to compare: " << escape_markup(observed.note) << "</p>\n";
    html::page_end(out);
    return;
  }
  out << "<h2>Observed among the simulated drills</h2>\n<table>"
      << html::header({{"figure", false},
                       {"observed", true},
                       {"percentile", true},
                       {"p5", true},
                       {"p50", true},
                       {"p95", true},
                       {"verdict", false}})
      << "<tbody>\n";
  for (const auto& figure : comparison.figures) {
    const auto cells = figure_cells(figure);
    out << "<tr>";
    for (std::size_t c = 0; c + 1 < cells.size(); ++c)
      out << html::cell(cells[c], c > 0);
    out << "<td><span class=\"badge " << badge_class(figure.verdict) << "\">" << escape_markup(cells.back())
        << "</span></td></tr>\n";
  }
  out << "</tbody></table>\n<p class=\"note\">"
      << escape_markup(std::string(figures_note) + (has_steps(comparison) ? steps_note : "")) << "</p>\n"
      << "<h2>Success ratio over time</h2>\n"
      << success_ratio_figure(comparison);
  html::page_end(out);
}

} // namespace drsim::fis
