#include "reports/history_report.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <ostream>
#include <set>
#include <sstream>
#include <string_view>
#include <tuple>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "reports/figures.hpp"
#include "reports/html_page.hpp"
#include "reports/plain_text.hpp"
#include "reports/svg/axis.hpp"
#include "reports/svg/canvas.hpp"
#include "reports/svg/frame.hpp"
#include "reports/svg/markup.hpp"
#include "sim/core/version.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim {
namespace {

using svg::Axis;
using svg::Frame;
using svg::px;

ObjectiveResult judged(const HistoryEntry& entry) {
  ObjectiveResult result;
  result.index = entry.objective;
  result.metric = entry.metric;
  result.stat = entry.stat;
  result.target = entry.target;
  result.observed = entry.observed;
  result.verdict = entry.verdict;
  result.runs = entry.identity.runs;
  return result;
}

// Objectives in the order the history first saw them: (scenario, strategy, objective index) -> its entries.
using Series =
    std::vector<std::pair<std::tuple<std::string, std::string, std::size_t>, std::vector<const HistoryEntry*>>>;

Series series_of(const std::vector<HistoryEntry>& entries) {
  Series series;
  std::map<std::tuple<std::string, std::string, std::size_t>, std::size_t> found;
  for (const auto& entry : entries) {
    const auto key = std::make_tuple(entry.identity.scenario, entry.strategy, entry.objective);
    const auto [at, added] = found.emplace(key, series.size());
    if (added)
      series.push_back({key, {}});
    series[at->second].second.push_back(&entry);
  }
  return series;
}

std::string short_commit(const std::string& commit) { return commit.empty() ? "-" : commit.substr(0, 12); }

// "pilot-light: RTO p95 <= 1h": a series' heading, with the objective as its first check judged it.
std::string series_title(const std::string& strategy, const std::vector<const HistoryEntry*>& list) {
  const auto first = judged(*list.front());
  return strategy + ": " + objective_label(first) + " " + objective_target(first);
}

// One row per check of a series, as the text prints it and the page shows it beneath the chart (with drsim's
// version, which the page has room for).
TextTable checks_table(const std::vector<const HistoryEntry*>& list, bool with_version = false) {
  TextTable table;
  table.header = {"check", "recorded (UTC)", "commit", "runs", "observed", "verdict"};
  table.right = {true, false, false, true, true, false};
  if (with_version) {
    table.header.insert(table.header.begin() + 3, "drsim");
    table.right.insert(table.right.begin() + 3, false);
  }
  for (const auto* entry : list) {
    const auto result = judged(*entry);
    table.rows.push_back({std::to_string(entry->check), entry->identity.recorded_at,
                          short_commit(entry->identity.commit), grouped(entry->identity.runs), format_observed(result),
                          verdict_text(result)});
    if (with_version)
      table.rows.back().insert(table.rows.back().begin() + 3, entry->identity.drsim_version);
  }
  return table;
}

// Seconds since 1970 of a time as the history records it, ISO 8601 in UTC to the second ("2026-11-14T22:13:20Z");
// none for any other text.
std::optional<double> seconds_of(const std::string& text) {
  constexpr std::string_view pattern = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != pattern.size())
    return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i)
    if (pattern[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(text[i])) : text[i] != pattern[i])
      return std::nullopt;
  const auto number = [&](std::size_t at, std::size_t length) { return std::stoi(text.substr(at, length)); };
  const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                         std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                         std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  const int hours = number(11, 2), minutes = number(14, 2), seconds = number(17, 2);
  if (!date.ok() || hours > 23 || minutes > 59 || seconds > 59)
    return std::nullopt;
  return static_cast<double>(std::chrono::sys_days{date}.time_since_epoch().count()) * 86400 + hours * 3600 +
         minutes * 60 + seconds;
}

// How a check's verdict is marked on its chart: a shape of its own, so that the verdicts read apart without their
// colour, and the same shape as a character for the legend.
struct Mark {
  const char* cls;
  const char* colour;
  const char* glyph;
  const char* name;
};

Mark mark_of(Verdict verdict) {
  switch (verdict) {
  case Verdict::Met:
    return {"met", "#2E7D32", "\u25CF", "met"};
  case Verdict::NotMet:
    return {"not-met", "#C62828", "\u2715", "not met"};
  case Verdict::CannotTell:
    return {"cannot-tell", "#9A6700", "\u25C7", "cannot tell"};
  case Verdict::OneDrill:
    return {"one-drill", "#6e7781", "\u25CB", "one drill: no verdict"};
  case Verdict::NotEvaluated:
    break;
  }
  return {"not-evaluated", "#6e7781", "\u25CB", "not evaluated"};
}

std::string mark_svg(Verdict verdict, double x, double y, const std::string& tooltip) {
  const auto mark = mark_of(verdict);
  const std::string title = "<title>" + escape_markup(tooltip) + "</title>";
  const std::string cls = std::string("point ") + mark.cls;
  if (verdict == Verdict::Met)
    return "<circle class=\"" + cls + "\" cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"5\" fill=\"" + mark.colour +
           "\">" + title + "</circle>";
  if (verdict == Verdict::NotMet)
    return "<path class=\"" + cls + "\" d=\"M" + px(x - 5) + ' ' + px(y - 5) + " L" + px(x + 5) + ' ' + px(y + 5) +
           " M" + px(x - 5) + ' ' + px(y + 5) + " L" + px(x + 5) + ' ' + px(y - 5) + "\" stroke=\"" + mark.colour +
           "\" stroke-width=\"2.5\">" + title + "</path>";
  if (verdict == Verdict::CannotTell)
    return "<path class=\"" + cls + "\" d=\"M" + px(x) + ' ' + px(y - 6) + " L" + px(x + 6) + ' ' + px(y) + " L" +
           px(x) + ' ' + px(y + 6) + " L" + px(x - 6) + ' ' + px(y) + " Z\" fill=\"#fff\" stroke=\"" + mark.colour +
           "\" stroke-width=\"2\">" + title + "</path>";
  return "<circle class=\"" + cls + "\" cx=\"" + px(x) + "\" cy=\"" + px(y) + "\" r=\"4.5\" fill=\"#fff\" stroke=\"" +
         mark.colour + "\" stroke-width=\"2\">" + title + "</circle>";
}

std::string availability_label(double value, double step) {
  return percent(value, std::max(0, static_cast<int>(std::ceil(-std::log10(step * 100) - 1e-9))));
}

// The vertical axis of a metric's figures and targets, from the plot's bottom to its top: durations from zero
// (logarithmic when they span much), availability from just below the lowest, counts and money from zero; each with
// some room above the highest.
Axis figure_axis(Metric metric, const std::vector<double>& values, double bottom, double top) {
  const auto [low, high] = std::minmax_element(values.begin(), values.end());
  switch (metric) {
  case Metric::Rto:
  case Metric::Rpo: {
    // Room above the highest, so that a target there does not lie on the chart's edge.
    auto with_room = values;
    with_room.push_back(*high * 1.05);
    return svg::duration_axis(with_room, bottom, top);
  }
  case Metric::Availability: {
    const double pad = 0.08 * (*high - *low);
    return svg::range_axis(*low - pad, std::min(*high + pad, 1.0), bottom, top, availability_label);
  }
  case Metric::LostWrites:
    return svg::number_axis(std::max(*high * 1.08, 5.0), bottom, top, [](double v) { return grouped(v); });
  case Metric::MonthlyCost:
    return svg::number_axis(std::max(*high * 1.08, 1.0), bottom, top,
                            [](double v) { return fmt::format("${}", grouped(v)); });
  case Metric::MonthlyDowntime:
  case Metric::Invalid:
    break;
  }
  return svg::number_axis(std::max(*high * 1.08, 1.0), bottom, top, [](double v) { return fmt::format("{:g}", v); });
}

// A check on its chart: when it ran and what it measured.
struct CheckMark {
  double time;
  const HistoryEntry* entry;
};

std::string tooltip(const HistoryEntry& entry) {
  const auto result = judged(entry);
  return "check " + std::to_string(entry.check) + ", " + entry.identity.recorded_at + ": " + format_observed(result) +
         ", " + verdict_text(result) + " (commit " + short_commit(entry.identity.commit) + ", drsim " +
         entry.identity.drsim_version + ", " + grouped(entry.identity.runs) + " runs, seed " +
         std::to_string(entry.identity.seed) + ")";
}

// One objective's figure at each check against when it ran, its target as a dashed line (a step where the target
// changed), the checks joined in their order of time; a check without a figure sits in a lane above the plot.
std::string series_chart(const std::vector<const HistoryEntry*>& list, const std::string& strategy) {
  std::vector<CheckMark> points;
  for (const auto* entry : list)
    if (const auto time = seconds_of(entry->identity.recorded_at))
      points.push_back({*time, entry});
  const auto first = judged(*list.front());
  const auto label = objective_label(first);
  const std::size_t unread = list.size() - points.size();
  const std::string unread_note =
      unread == 0 ? ""
                  : " " + std::to_string(unread) + (unread == 1 ? " check whose" : " checks whose") +
                        " time cannot be read " + (unread == 1 ? "is" : "are") + " in the table only.";
  if (points.empty())
    return "<div class=\"placeholder\"><strong>" + escape_markup(label) + " over time: not drawn.</strong>" +
           escape_markup(unread_note) + "</div>";
  std::stable_sort(points.begin(), points.end(),
                   [](const CheckMark& a, const CheckMark& b) { return a.time < b.time; });

  std::vector<double> values;
  bool lane = false;
  for (const auto& point : points) {
    values.push_back(point.entry->target);
    if (point.entry->observed)
      values.push_back(*point.entry->observed);
    else
      lane = true;
  }
  Frame f;
  const double lane_y = 30;
  f.top = lane ? 56 : 24;
  f.bottom = f.top + 200;
  const Axis y = figure_axis(first.metric, values, f.bottom, f.top);
  double widest = lane ? svg::text_width("no figure") : 0;
  for (const auto& tick : y.ticks)
    widest = std::max(widest, svg::text_width(tick.second));
  f.left = std::max(f.left, widest + 38);
  const double earliest = points.front().time, latest = points.back().time;
  const double pad = latest > earliest ? std::max(0.04 * (latest - earliest), 1800.0) : 43200.0;
  const Axis x = svg::date_axis(earliest - pad, latest + pad, f.left, f.right);

  const std::string caption = label + " of " + strategy +
                              " at each check, against its target. A point's tooltip names its check, commit and "
                              "drsim version." +
                              unread_note;
  std::ostringstream svg;
  // The ticks of downtime per month are bare numbers: the title carries their unit.
  const std::string y_title = first.metric == Metric::MonthlyDowntime ? label + " (min)" : label;
  svg << svg::open(f.width, f.height(), caption) << svg::frame_svg(f, x, y, "when the check ran", y_title);
  if (lane)
    svg << svg::text(f.left - 8, lane_y + 4, "no figure", "text-anchor=\"end\"") << "<line x1=\"" << px(f.left)
        << "\" y1=\"" << px(lane_y) << "\" x2=\"" << px(f.right) << "\" y2=\"" << px(lane_y)
        << "\" stroke=\"#eaeef2\"/>";
  svg << "<path class=\"target\" d=\"M" << px(f.left) << ' ' << px(y(points.front().entry->target));
  for (std::size_t i = 1; i < points.size(); ++i)
    if (points[i].entry->target != points[i - 1].entry->target)
      svg << " H" << px(x(points[i].time)) << " V" << px(y(points[i].entry->target));
  const double target_y = y(points.back().entry->target);
  svg << " H" << px(f.right) << "\" fill=\"none\" stroke=\"#57606a\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"
      << svg::text(f.right - 4, target_y - 6 - svg::label_size >= f.top ? target_y - 6 : target_y + 16,
                   "target " + format_target(first.metric, points.back().entry->target), "text-anchor=\"end\"");
  std::string trend;
  bool joined = false;
  for (const auto& point : points) {
    if (!point.entry->observed) {
      joined = false;
      continue;
    }
    trend += (joined ? " L" : " M") + px(x(point.time)) + ' ' + px(y(*point.entry->observed));
    joined = true;
  }
  if (trend.find('L') != std::string::npos)
    svg << "<path class=\"trend\" d=\"" << trend.substr(1)
        << "\" fill=\"none\" stroke=\"#8c959f\" stroke-width=\"1.5\"/>";
  std::vector<Verdict> shown;
  for (const auto& point : points) {
    const auto& entry = *point.entry;
    svg << mark_svg(entry.verdict, x(point.time), entry.observed ? y(*entry.observed) : lane_y, tooltip(entry));
    shown.push_back(entry.verdict);
  }
  svg << "</svg>";

  std::string legend = "<ul class=\"legend\"><li><span class=\"key dashed\" style=\"--c:#57606a\"></span>target</li>";
  for (const auto verdict :
       {Verdict::Met, Verdict::NotMet, Verdict::CannotTell, Verdict::NotEvaluated, Verdict::OneDrill}) {
    if (std::find(shown.begin(), shown.end(), verdict) == shown.end())
      continue;
    const auto mark = mark_of(verdict);
    legend += std::string("<li><span style=\"color:") + mark.colour + ";font-weight:700;margin-right:6px\">" +
              mark.glyph + "</span>" + mark.name + "</li>";
  }
  legend += "</ul>";
  return "<figure>" + svg.str() + legend + "<figcaption>" + escape_markup(caption) + "</figcaption></figure>";
}

} // namespace

void write_history_text(std::ostream& out, const std::vector<HistoryEntry>& entries) {
  if (entries.empty()) {
    out << "The history holds no check yet.\n";
    return;
  }
  std::string scenario;
  for (const auto& [key, list] : series_of(entries)) {
    if (std::get<0>(key) != scenario) {
      out << (scenario.empty() ? "" : "\n") << "Scenario " << std::get<0>(key) << "\n";
      scenario = std::get<0>(key);
    }
    out << "\n" << series_title(std::get<1>(key), list) << "\n";
    checks_table(list).write(out);
  }
}

void write_history_html(std::ostream& out, const std::vector<HistoryEntry>& entries) {
  const auto series = series_of(entries);
  std::vector<std::string> scenarios;
  std::set<std::int64_t> checks;
  for (const auto& entry : entries) {
    if (std::find(scenarios.begin(), scenarios.end(), entry.identity.scenario) == scenarios.end())
      scenarios.push_back(entry.identity.scenario);
    checks.insert(entry.check);
  }
  std::string names;
  for (const auto& name : scenarios)
    names += (names.empty() ? "" : ", ") + name;
  html::page_start(out, "drsim history" + (names.empty() ? "" : ": " + names));
  out << "<h1>" << escape_markup(names.empty() ? "History of checks" : names)
      << "</h1>\n<p class=\"meta\">drsim history &middot; " << checks.size()
      << (checks.size() == 1 ? " check" : " checks");
  if (!entries.empty() && entries.front().identity.recorded_at == entries.back().identity.recorded_at)
    out << " at " << escape_markup(entries.front().identity.recorded_at);
  else if (!entries.empty())
    out << " from " << escape_markup(entries.front().identity.recorded_at) << " to "
        << escape_markup(entries.back().identity.recorded_at);
  out << " &middot; drsim " << escape_markup(version) << "</p>\n";
  if (entries.empty()) {
    out << "<p class=\"note\">The history holds no check yet.</p>\n";
    html::page_end(out);
    return;
  }
  out << "<p>Each objective's figure at every check that <code>drsim check --history</code> appended: one chart "
         "per objective, the target dashed, each check marked by its verdict, then the checks as a table.</p>\n";
  std::string scenario;
  for (const auto& [key, list] : series) {
    if (std::get<0>(key) != scenario) {
      scenario = std::get<0>(key);
      out << "<h2>Scenario " << escape_markup(scenario) << "</h2>\n";
    }
    out << "<h3>" << escape_markup(series_title(std::get<1>(key), list)) << "</h3>\n"
        << series_chart(list, std::get<1>(key)) << "\n<div class=\"wide\"><table><thead><tr>";
    const auto table = checks_table(list, true);
    for (std::size_t i = 0; i < table.header.size(); ++i)
      out << (table.right[i] ? "<th class=\"num\">" : "<th>") << escape_markup(table.header[i]) << "</th>";
    out << "</tr></thead><tbody>\n";
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      out << "<tr>";
      for (std::size_t i = 0; i + 1 < table.rows[r].size(); ++i)
        out << html::cell(table.rows[r][i], table.right[i]);
      out << "<td>" << html::badge(judged(*list[r])) << "</td></tr>\n";
    }
    out << "</tbody></table></div>\n";
  }
  html::page_end(out);
}

void write_history_json(std::ostream& out, const std::vector<HistoryEntry>& entries) {
  auto list = nlohmann::ordered_json::array();
  for (const auto& entry : entries)
    list.push_back({{"check", entry.check},
                    {"recorded_at", entry.identity.recorded_at},
                    {"scenario", entry.identity.scenario},
                    {"scenario_sha256", entry.identity.scenario_sha256},
                    {"drsim_version", entry.identity.drsim_version},
                    {"commit", entry.identity.commit},
                    {"runs", entry.identity.runs},
                    {"seed", std::to_string(entry.identity.seed)},
                    {"strategy", entry.strategy},
                    {"objective", entry.objective},
                    {"metric", name_of(entry.metric)},
                    {"stat", name_of(entry.stat)},
                    {"target", entry.target},
                    {"observed", entry.observed ? nlohmann::ordered_json(*entry.observed) : nullptr},
                    {"verdict", name_of(entry.verdict)}});
  out << nlohmann::ordered_json{{"drsim_history", 1}, {"entries", std::move(list)}}.dump(2) << '\n';
}

} // namespace drsim
