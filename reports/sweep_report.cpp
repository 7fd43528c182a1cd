#include "reports/sweep_report.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <utility>
#include <vector>

#include "reports/csv_report.hpp"
#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "reports/html_page.hpp"
#include "reports/json_report.hpp"
#include "reports/plain_text.hpp"
#include "reports/svg/axis.hpp"
#include "reports/svg/canvas.hpp"
#include "reports/svg/frame.hpp"
#include "reports/svg/markup.hpp"
#include "reports/svg/palette.hpp"
#include "sim/core/version.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim {
namespace {

using svg::Axis;
using svg::Frame;
using svg::px;

// Whether no drill of the strategy recovered at the point: what it lost is unknown (figures.hpp's data_unknown).
bool data_unknown(const SweepFigures& f) { return f.runs > 0 && f.unrecovered_runs == f.runs; }

// "topology.dns.shop.ttl=30s, runs=20": a point's settings as given.
std::string settings_text(const std::vector<Setting>& settings) {
  std::string text;
  for (const auto& setting : settings)
    text += (text.empty() ? "" : ", ") + setting.path + "=" + setting_value_text(setting);
  return text;
}

// "a grid of 2 points" or "a Latin hypercube of 20 points".
std::string design_text(const SweepResult& sweep) {
  const auto count = grouped(static_cast<double>(sweep.points.size()));
  const bool one = sweep.points.size() == 1;
  return sweep.samples ? "a Latin hypercube of " + count + (one ? " point" : " points")
                       : "a grid of " + count + (one ? " point" : " points");
}

// What every format says first: the design, the drills, and why points can be compared.
std::string summary_text(const SweepResult& sweep) {
  std::string varied;
  for (const auto& dimension : sweep.dimensions) {
    std::string values;
    for (const auto& value : dimension.values)
      values += (values.empty() ? "" : ", ") + value;
    varied += (varied.empty() ? "" : "; ") + dimension.path +
              (dimension.continuous ? " from " + dimension.values.front() + " to " + dimension.values.back()
                                    : " (" + values + ")");
  }
  std::string text = "Sweep of " + sweep.scenario + ": " + design_text(sweep) + " over " + varied + ", " +
                     grouped(sweep.runs) + (sweep.runs == 1 ? " drill" : " drills") +
                     " per strategy at each point, seed " + std::to_string(sweep.seed) +
                     ". Run i of a strategy has the same seed at every point (common random numbers), so a difference "
                     "between points comes from the varied values, not from different draws.";
  if (!sweep.fixed.empty())
    text += " Set at every point: " + settings_text(sweep.fixed) + ".";
  return text;
}

// A strategy's figures at a point for people, and their 95 % intervals.
struct Cells {
  std::string rto_p50, rto_p95, rpo_p95, availability, cost, objectives;
  std::string rto_p50_ci, rto_p95_ci, rpo_p95_ci, availability_ci;
};

std::string objectives_text(const SweepFigures& f) {
  if (f.objectives.empty())
    return "none";
  VerdictCounts counts;
  for (const auto& o : f.objectives)
    counts.add(o);
  return counts.text();
}

Cells cells_of(const SweepFigures& f, const std::string& separator) {
  const bool unknown = data_unknown(f);
  const auto interval = [&](const Summary& s, const std::optional<Interval>& ci) {
    return s.count == 0 ? "-" : interval_text(ci, column_duration, separator);
  };
  Cells c;
  c.rto_p50 = duration_of(f.rto_s, &Summary::p50);
  c.rto_p95 = duration_of(f.rto_s, &Summary::p95);
  c.rpo_p95 = unknown ? "-" : duration_of(f.rpo_s, &Summary::p95);
  c.availability = percent(f.availability, 3);
  c.cost = f.monthly_cost_usd ? format_figure(Metric::MonthlyCost, *f.monthly_cost_usd) : "-";
  c.objectives = objectives_text(f);
  c.rto_p50_ci = interval(f.rto_s, f.rto_s.p50_ci);
  c.rto_p95_ci = interval(f.rto_s, f.rto_s.p95_ci);
  c.rpo_p95_ci = unknown ? "-" : interval(f.rpo_s, f.rpo_s.p95_ci);
  c.availability_ci = interval_text(
      f.availability_ci, [](double fraction) { return percent(fraction, 3); }, separator);
  return c;
}

// The command that replays a drill of a point alone: `drsim run` with the point's settings.
std::string point_replay(const SweepResult& sweep, const SweepPoint& point, const std::string& strategy,
                         std::uint64_t seed) {
  std::string command = "drsim run " + shell_word(sweep.scenario_file);
  for (const auto* settings : {&sweep.fixed, &point.point.settings})
    for (const auto& setting : *settings)
      command += " --set " + shell_word(setting.path + "=" + setting_value_text(setting));
  return command + " --strategy " + shell_word(strategy) + " --seed " + std::to_string(seed);
}

// ---- HTML ----

// The figure a chart plots, with its interval.
struct Plotted {
  double value = 0;
  std::optional<Interval> interval;
};

struct ChartFigure {
  const char* label; //!< "RTO p95"
  Metric metric;
  std::optional<Plotted> (*of)(const SweepFigures&);
};

const ChartFigure chart_figures[]{
    {"RTO p95", Metric::Rto,
     [](const SweepFigures& f) {
       return f.rto_s.count == 0 ? std::nullopt : std::optional(Plotted{f.rto_s.p95, f.rto_s.p95_ci});
     }},
    {"RPO p95", Metric::Rpo,
     [](const SweepFigures& f) {
       return f.rpo_s.count == 0 || data_unknown(f) ? std::nullopt
                                                    : std::optional(Plotted{f.rpo_s.p95, f.rpo_s.p95_ci});
     }},
    {"monthly cost", Metric::MonthlyCost,
     [](const SweepFigures& f) {
       return f.monthly_cost_usd ? std::optional(Plotted{*f.monthly_cost_usd, std::nullopt}) : std::nullopt;
     }},
};

std::string figure_for_people(Metric metric, double value) {
  return metric == Metric::MonthlyCost ? format_figure(metric, value) : column_duration(value);
}

// Where each value of a dimension lies on a chart's horizontal axis: its magnitude when every value has one (a
// duration in seconds, a number), else its place in the list.
struct Placement {
  bool by_magnitude = true;
  std::vector<std::pair<double, std::string>> ticks;

  std::optional<double> of(const Dimension& dimension, const Setting& setting,
                           const std::optional<double>& magnitude) const {
    if (by_magnitude)
      return magnitude;
    const auto text = setting_value_text(setting);
    const auto found = std::find(dimension.values.begin(), dimension.values.end(), text);
    return found == dimension.values.end() ? std::nullopt
                                           : std::optional(static_cast<double>(found - dimension.values.begin()));
  }
};

Placement placement(const SweepResult& sweep, std::size_t d) {
  const auto& dimension = sweep.dimensions[d];
  Placement place;
  place.by_magnitude = std::all_of(dimension.magnitudes.begin(), dimension.magnitudes.end(),
                                   [](const auto& m) { return m.has_value(); });
  for (const auto& point : sweep.points)
    place.by_magnitude = place.by_magnitude && point.point.magnitudes[d].has_value();
  for (std::size_t i = 0; i < dimension.values.size(); ++i)
    place.ticks.emplace_back(place.by_magnitude ? *dimension.magnitudes[i] : static_cast<double>(i),
                             dimension.values[i]);
  return place;
}

// The horizontal axis of a dimension: its values as written at their places, with room at both ends for a marker.
Axis parameter_axis(const Placement& place, const std::vector<double>& xs, const Frame& f) {
  Axis axis;
  axis.ticks = place.ticks;
  double lo = xs.front(), hi = xs.front();
  for (const double x : xs) {
    lo = std::min(lo, x);
    hi = std::max(hi, x);
  }
  for (const auto& tick : place.ticks) {
    lo = std::min(lo, tick.first);
    hi = std::max(hi, tick.first);
  }
  const double pad = hi > lo ? 0.04 * (hi - lo) : std::max(std::fabs(lo) * 0.5, 1.0);
  axis.lo = lo - pad;
  axis.hi = hi + pad;
  axis.p0 = f.left;
  axis.p1 = f.right;
  return axis;
}

std::string whole_dollars(double usd) { return "$" + grouped(usd); }

// One figure against one varied parameter: a line per strategy through the points that share the other varied
// values (a line per combination of them), each point with its interval as a whisker. A Latin hypercube's points
// share nothing, so they stand alone.
std::string parameter_chart(const SweepResult& sweep, std::size_t d, const ChartFigure& figure,
                            const std::vector<std::string>& strategies, const std::vector<std::string>& colours) {
  const auto& dimension = sweep.dimensions[d];
  const auto place = placement(sweep, d);
  struct Mark {
    double x;
    Plotted plotted;
    std::string value; //!< as written
    std::string others;
  };
  // Per strategy, per combination of the other values, the points in the sweep's order.
  std::vector<std::map<std::string, std::vector<Mark>>> lines(strategies.size());
  std::vector<double> xs, ys;
  for (const auto& point : sweep.points) {
    const auto x = place.of(dimension, point.point.settings[d], point.point.magnitudes[d]);
    if (!x)
      continue;
    std::vector<Setting> others;
    for (std::size_t o = 0; o < point.point.settings.size(); ++o)
      if (o != d)
        others.push_back(point.point.settings[o]);
    for (std::size_t s = 0; s < strategies.size() && s < point.results.size(); ++s) {
      const auto plotted = figure.of(point.results[s]);
      if (!plotted)
        continue;
      xs.push_back(*x);
      ys.push_back(plotted->value);
      if (plotted->interval)
        for (const auto& bound : {plotted->interval->low, plotted->interval->high})
          if (bound && std::isfinite(*bound))
            ys.push_back(*bound);
      lines[s][settings_text(others)].push_back(
          {*x, *plotted, setting_value_text(point.point.settings[d]), settings_text(others)});
    }
  }
  const std::string title = std::string(figure.label) + " against " + dimension.path;
  if (xs.empty())
    return "<div class=\"placeholder\"><strong>" + escape_markup(title) +
           ": not drawn.</strong> No point has this figure for any strategy.</div>";

  Frame f;
  f.left = 96;
  const Axis x = parameter_axis(place, xs, f);
  const Axis y = figure.metric == Metric::MonthlyCost
                     ? svg::number_axis(std::max(*std::max_element(ys.begin(), ys.end()) * 1.08, 1.0), f.bottom, f.top,
                                        whole_dollars)
                     : svg::duration_axis(ys, f.bottom, f.top);
  const std::string caption =
      title + ", one line per strategy" + (sweep.dimensions.size() > 1 ? " and combination of the other values" : "") +
      "; whiskers: 95 % intervals. Common random numbers: every point drills with the same seeds.";
  std::ostringstream svg;
  svg << svg::open(f.width, f.height(), caption)
      << svg::frame_svg(f, x, y, dimension.path, std::string(figure.label) + (y.log ? " (logarithmic scale)" : ""));
  std::vector<html::LegendEntry> entries;
  for (std::size_t s = 0; s < strategies.size(); ++s) {
    entries.push_back({colours[s], strategies[s], sweep.samples ? "marker" : "line"});
    for (auto& [others, marks] : lines[s]) {
      std::stable_sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.x < b.x; });
      if (marks.size() > 1) {
        svg << "<path d=\"";
        for (std::size_t i = 0; i < marks.size(); ++i)
          svg << (i == 0 ? "M" : " L") << px(x(marks[i].x)) << ' ' << px(y(marks[i].plotted.value));
        svg << "\" fill=\"none\" stroke=\"" << colours[s] << "\" stroke-width=\"2\"/>";
      }
      for (const auto& mark : marks) {
        const double cx = x(mark.x), cy = y(mark.plotted.value);
        const auto& ci = mark.plotted.interval;
        if (ci) {
          const auto end = [&](const std::optional<double>& bound) {
            return bound && std::isfinite(*bound) ? y(*bound) : cy;
          };
          svg << "<path class=\"whisker\" d=\"M" << px(cx) << ' ' << px(end(ci->low)) << " V" << px(end(ci->high))
              << " M" << px(cx - 4) << ' ' << px(end(ci->low)) << " h8 M" << px(cx - 4) << ' ' << px(end(ci->high))
              << " h8\" stroke=\"" << colours[s] << "\" stroke-width=\"1.5\" fill=\"none\"/>";
        }
        std::string tip = strategies[s] + " at " + dimension.path + "=" + mark.value;
        if (!mark.others.empty())
          tip += " (" + mark.others + ")";
        tip += ": " + std::string(figure.label) + " " + figure_for_people(figure.metric, mark.plotted.value);
        if (ci)
          tip += ", 95 % interval " + interval_text(ci, [&](double v) { return figure_for_people(figure.metric, v); });
        svg << "<circle cx=\"" << px(cx) << "\" cy=\"" << px(cy) << "\" r=\"4\" fill=\"" << colours[s] << "\"><title>"
            << escape_markup(tip) << "</title></circle>";
      }
    }
  }
  svg << "</svg>";
  return "<figure>" + svg.str() + html::legend(entries) + "<figcaption>" + escape_markup(caption) +
         "</figcaption></figure>";
}

// A shade from light to dark blue for a share from 0 to 1.
std::string shade(double share) {
  const auto mix = [&](int light, int dark) {
    return static_cast<int>(std::lround(light + (dark - light) * std::clamp(share, 0.0, 1.0)));
  };
  return fmt::format("#{:02x}{:02x}{:02x}", mix(0xe8, 0x0b), mix(0xf1, 0x4f), mix(0xfa, 0x8a));
}

// For a grid of two parameters, a strategy's RTO p95 at each pair of values: the first parameter across, the second
// down, the shade by RTO over every strategy's map so that the maps compare, each cell's tooltip its objectives.
std::string heat_map(const SweepResult& sweep, std::size_t s, const std::string& strategy, double lowest,
                     double highest) {
  const auto& across = sweep.dimensions[0];
  const auto& down = sweep.dimensions[1];
  std::map<std::pair<std::string, std::string>, const SweepPoint*> at;
  for (const auto& point : sweep.points)
    at[{setting_value_text(point.point.settings[0]), setting_value_text(point.point.settings[1])}] = &point;
  double left = 72;
  for (const auto& value : down.values)
    left = std::max(left, svg::text_width(value) + 16);
  const double width = 880, top = 40, cell_height = 30;
  const double cell_width = (width - left - 16) / static_cast<double>(across.values.size());
  const double height = top + cell_height * static_cast<double>(down.values.size()) + 48;
  const std::string caption = "RTO p95 of " + strategy + " at each pair of " + across.path + " (across) and " +
                              down.path +
                              " (down); darker is longer, on a logarithmic scale shared by every strategy's "
                              "map; a cell's tooltip gives its interval and objectives.";
  std::ostringstream svg;
  svg << svg::open(width, height, caption) << svg::text(8, 20, down.path, "class=\"title\"");
  for (std::size_t r = 0; r < down.values.size(); ++r) {
    const double cy = top + cell_height * static_cast<double>(r);
    svg << svg::text(left - 8, cy + cell_height / 2 + 4, down.values[r], "text-anchor=\"end\"");
    for (std::size_t c = 0; c < across.values.size(); ++c) {
      const double cx = left + cell_width * static_cast<double>(c);
      const auto found = at.find({across.values[c], down.values[r]});
      const SweepFigures* figures =
          found == at.end() || s >= found->second->results.size() ? nullptr : &found->second->results[s];
      const bool shown = figures && figures->rto_s.count > 0;
      // Logarithmic: RTOs of minutes and of hours side by side would leave every map but the slowest white.
      const double share = shown && highest > lowest
                               ? std::log(std::max(figures->rto_s.p95, lowest) / lowest) / std::log(highest / lowest)
                               : 0.5;
      std::string tip = across.path + "=" + across.values[c] + ", " + down.path + "=" + down.values[r] + ": ";
      if (figures) {
        const auto cells = cells_of(*figures, "-");
        tip += "RTO p95 " + cells.rto_p95 + " (95 % interval " + cells.rto_p95_ci + "), objectives " + cells.objectives;
      } else {
        tip += "not drilled";
      }
      svg << "<rect x=\"" << px(cx + 1) << "\" y=\"" << px(cy + 1) << "\" width=\"" << px(cell_width - 2)
          << "\" height=\"" << px(cell_height - 2) << "\" fill=\"" << (shown ? shade(share) : std::string("#d0d7de"))
          << "\"><title>" << escape_markup(tip) << "</title></rect>"
          << svg::text(cx + cell_width / 2, cy + cell_height / 2 + 4, shown ? column_duration(figures->rto_s.p95) : "-",
                       std::string("text-anchor=\"middle\" style=\"fill:") +
                           (shown && share > 0.55 ? "#fff" : "#1f2328") + "\" pointer-events=\"none\"");
    }
  }
  const double base = top + cell_height * static_cast<double>(down.values.size());
  for (std::size_t c = 0; c < across.values.size(); ++c)
    svg << svg::text(left + cell_width * (static_cast<double>(c) + 0.5), base + 18, across.values[c],
                     "text-anchor=\"middle\"");
  svg << svg::text(left + (width - left - 16) / 2, base + 40, across.path, "text-anchor=\"middle\" class=\"title\"")
      << "</svg>";
  return "<figure>" + svg.str() + "<figcaption>" + escape_markup(caption) + "</figcaption></figure>";
}

std::string heat_maps(const SweepResult& sweep, const std::vector<std::string>& strategies) {
  if (sweep.samples)
    return "<div class=\"placeholder\"><strong>Heat maps: not drawn.</strong> A Latin hypercube's points do not fill "
           "a grid; the charts above show every point.</div>";
  std::optional<double> lowest, highest;
  for (const auto& point : sweep.points)
    for (const auto& figures : point.results)
      if (figures.rto_s.count > 0) {
        lowest = std::min(lowest.value_or(figures.rto_s.p95), figures.rto_s.p95);
        highest = std::max(highest.value_or(figures.rto_s.p95), figures.rto_s.p95);
      }
  std::string maps;
  for (std::size_t s = 0; s < strategies.size(); ++s)
    maps += "<h3>" + escape_markup(strategies[s]) + "</h3>\n" +
            heat_map(sweep, s, strategies[s], std::max(lowest.value_or(1), 1.0), highest.value_or(1)) + "\n";
  return maps;
}

// ---- Markdown ----

std::string markdown_cell(const std::string& text) {
  std::string cell;
  for (const char c : text)
    cell += c == '|' ? std::string("\\|") : std::string(1, c == '\n' ? ' ' : c);
  return cell;
}

} // namespace

std::string setting_value_text(const Setting& setting) {
  return setting.value.is_string() ? setting.value.get<std::string>() : setting.value.dump();
}

void write_sweep_text(std::ostream& out, const SweepResult& sweep) {
  out << wrap(summary_text(sweep)) << '\n';
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    const auto& point = sweep.points[p];
    out << wrap("Point " + grouped(static_cast<double>(p + 1)) + " of " +
                grouped(static_cast<double>(sweep.points.size())) + ": " + settings_text(point.point.settings))
        << '\n';
    TextTable table{{"strategy", "RTO p50", "RTO p95", "RPO p95", "availability", "cost/month"},
                    {false, true, true, true, true, true},
                    {}};
    std::string intervals, objectives;
    for (const auto& figures : point.results) {
      const auto c = cells_of(figures, "-");
      table.rows.push_back({figures.strategy, c.rto_p50, c.rto_p95, c.rpo_p95, c.availability, c.cost});
      // Beneath the table rather than in it: four intervals beside the figures would not fit 80 columns.
      intervals += hanging("  " + figures.strategy + ": ", "RTO p50 " + c.rto_p50_ci + ", RTO p95 " + c.rto_p95_ci +
                                                               ", RPO p95 " + c.rpo_p95_ci + ", availability " +
                                                               c.availability_ci);
      objectives += hanging("  " + figures.strategy + ": ", c.objectives);
    }
    table.write(out);
    out << "95 % intervals:\n" << intervals << "Objectives:\n" << objectives << '\n';
  }
  if (sweep.evidence)
    write_evidence_text(out, *sweep.evidence);
}

void write_sweep_markdown(std::ostream& out, const SweepResult& sweep) {
  out << "# Sweep of " << markdown_cell(sweep.scenario) << "\n\n" << summary_text(sweep) << "\n\n| point |";
  for (const auto& dimension : sweep.dimensions)
    out << ' ' << markdown_cell(dimension.path) << " |";
  out << " strategy | RTO p50 | RTO p95 (95 % interval) | RPO p95 (95 % interval) | availability | cost/month | "
         "objectives |\n|---:|";
  for (std::size_t d = 0; d < sweep.dimensions.size(); ++d)
    out << "---|";
  out << "---|---:|---:|---:|---:|---:|---|\n";
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    const auto& point = sweep.points[p];
    for (const auto& figures : point.results) {
      const auto c = cells_of(figures, " to ");
      out << "| " << p + 1 << " |";
      for (const auto& setting : point.point.settings)
        out << ' ' << markdown_cell(setting_value_text(setting)) << " |";
      out << ' ' << markdown_cell(figures.strategy) << " | " << c.rto_p50 << " | " << c.rto_p95 << " (" << c.rto_p95_ci
          << ") | " << c.rpo_p95 << " (" << c.rpo_p95_ci << ") | " << c.availability << " | " << c.cost << " | "
          << c.objectives << " |\n";
    }
  }
  out << '\n';
  if (sweep.evidence)
    write_evidence_markdown(out, *sweep.evidence);
}

void write_sweep_json(std::ostream& out, const SweepResult& sweep) {
  nlohmann::ordered_json json;
  json["drsim_sweep"] = 1;
  json["drsim_version"] = version;
  json["scenario"] = sweep.scenario;
  json["seed"] = sweep.seed;
  json["runs"] = sweep.runs;
  json["design"] = sweep.samples ? "latin_hypercube" : "grid";
  if (sweep.samples)
    json["samples"] = *sweep.samples;
  auto dimensions = nlohmann::ordered_json::array();
  for (const auto& dimension : sweep.dimensions) {
    auto magnitudes = nlohmann::ordered_json::array();
    for (const auto& magnitude : dimension.magnitudes)
      magnitudes.push_back(magnitude ? nlohmann::ordered_json(*magnitude) : nlohmann::ordered_json(nullptr));
    dimensions.push_back({{"path", dimension.path},
                          {"values", dimension.values},
                          {"magnitudes", std::move(magnitudes)},
                          {"range", dimension.continuous}});
  }
  json["dimensions"] = std::move(dimensions);
  auto fixed = nlohmann::ordered_json::object();
  for (const auto& setting : sweep.fixed)
    fixed[setting.path] = setting.value;
  json["set"] = std::move(fixed);
  auto points = nlohmann::ordered_json::array();
  for (const auto& point : sweep.points) {
    auto settings = nlohmann::ordered_json::object();
    for (const auto& setting : point.point.settings)
      settings[setting.path] = setting.value;
    auto results = nlohmann::ordered_json::array();
    for (const auto& f : point.results) {
      nlohmann::ordered_json entry;
      entry["strategy"] = f.strategy;
      entry["runs"] = f.runs;
      entry["unrecovered_runs"] = f.unrecovered_runs;
      if (f.failed_runs > 0)
        entry["failed_runs"] = f.failed_runs;
      entry["rto_s"] = summary_json(f.rto_s, 1e-3);
      entry["rpo_s"] = summary_json(f.rpo_s, 1e-3);
      entry["availability"] = at_resolution(f.availability, Metric::Availability);
      entry["availability_ci95"] = interval_json(f.availability_ci, 1e-9);
      entry["monthly_cost_usd"] = f.monthly_cost_usd
                                      ? nlohmann::ordered_json(at_resolution(*f.monthly_cost_usd, Metric::MonthlyCost))
                                      : nlohmann::ordered_json(nullptr);
      entry["objectives"] = objectives_json(
          f.objectives, [&](std::uint64_t seed) { return point_replay(sweep, point, f.strategy, seed); });
      results.push_back(std::move(entry));
    }
    points.push_back({{"settings", std::move(settings)}, {"results", std::move(results)}});
  }
  json["points"] = std::move(points);
  if (sweep.evidence)
    json["evidence"] = evidence_json(*sweep.evidence);
  // Paths come from the command line and need not be UTF-8; they must not make the report fail.
  out << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

void write_sweep_html(std::ostream& out, const SweepResult& sweep) {
  html::page_start(out, "drsim sweep: " + sweep.scenario);
  out << "<h1>Sweep of " << escape_markup(sweep.scenario) << "</h1>\n<p class=\"meta\">drsim sweep &middot; "
      << escape_markup(design_text(sweep)) << " &middot; " << sweep.runs << " runs per strategy &middot; seed "
      << sweep.seed << " &middot; drsim " << escape_markup(version) << "</p>\n<p>" << escape_markup(summary_text(sweep))
      << "</p>\n";
  const auto strategies = sweep_strategies(sweep);
  const auto colours = svg::strategy_colours(strategies);
  for (std::size_t d = 0; d < sweep.dimensions.size(); ++d) {
    out << "<h2>" << escape_markup(sweep.dimensions[d].path) << "</h2>\n";
    for (const auto& figure : chart_figures)
      out << parameter_chart(sweep, d, figure, strategies, colours) << '\n';
  }
  if (sweep.dimensions.size() == 2)
    out << "<h2>RTO p95 over both parameters</h2>\n" << heat_maps(sweep, strategies);

  std::string order;
  for (const auto& dimension : sweep.dimensions)
    order += (order.empty() ? "" : ", ") + dimension.path;
  out << "<h2>Every point</h2>\n<p>A point's values are those of " << escape_markup(order)
      << ", in that order.</p>\n<table>"
      << html::header({{"point", true},
                       {"values", false},
                       {"strategy", false},
                       {"RTO p50", true},
                       {"RTO p95 (95 % interval)", true},
                       {"RPO p95 (95 % interval)", true},
                       {"availability (95 % interval)", true},
                       {"cost/month", true},
                       {"objectives", false}})
      << "<tbody>\n";
  for (std::size_t p = 0; p < sweep.points.size(); ++p) {
    const auto& point = sweep.points[p];
    for (const auto& figures : point.results) {
      const auto c = cells_of(figures, "-");
      std::string values;
      for (const auto& setting : point.point.settings)
        values += (values.empty() ? "" : ", ") + setting_value_text(setting);
      out << "<tr>" << html::cell(std::to_string(p + 1), true) << html::cell(values) << html::cell(figures.strategy)
          << html::cell(c.rto_p50, true) << html::cell(c.rto_p95 + " (" + c.rto_p95_ci + ")", true)
          << html::cell(c.rpo_p95 + " (" + c.rpo_p95_ci + ")", true)
          << html::cell(c.availability + " (" + c.availability_ci + ")", true) << html::cell(c.cost, true)
          << html::cell(c.objectives) << "</tr>\n";
    }
  }
  out << "</tbody></table>\n";
  if (sweep.evidence)
    write_evidence_html(out, *sweep.evidence);
  html::page_end(out);
}

SweepCsv::SweepCsv(std::ostream& out, const SweepResult& sweep) : out_(out), scenario_(csv_field(sweep.scenario)) {
  out_ << "scenario,point";
  for (const auto& dimension : sweep.dimensions)
    out_ << ',' << csv_field(dimension.path);
  out_ << ",strategy,runs,unrecovered_runs,rto_p50_s,rto_p50_low_s,rto_p50_high_s,rto_p95_s,rto_p95_low_s,"
          "rto_p95_high_s,rpo_p95_s,rpo_p95_low_s,rpo_p95_high_s,availability,availability_low,availability_high,"
          "monthly_cost_usd,objectives_met,objectives_not_met,objectives_cannot_tell\n";
}

void SweepCsv::row(const SweepPoint& point) {
  ++points_;
  // Empty for a figure or a bound the point does not have; otherwise at the JSON report's resolution.
  const auto number = [](const std::optional<double>& value, int decimals) {
    return value && std::isfinite(*value) ? decimal(*value, decimals) : std::string();
  };
  const auto bounds = [&](const std::optional<Interval>& interval, int decimals) {
    return number(interval ? interval->low : std::nullopt, decimals) + ',' +
           number(interval ? interval->high : std::nullopt, decimals);
  };
  const auto summary = [&](const Summary& s, double Summary::*stat, const std::optional<Interval> Summary::*interval) {
    return s.count == 0 ? std::string(",,") : decimal(s.*stat, 3) + ',' + bounds(s.*interval, 3);
  };
  for (const auto& f : point.results) {
    VerdictCounts counts;
    for (const auto& objective : f.objectives)
      counts.add(objective);
    out_ << scenario_ << ',' << points_;
    for (const auto& setting : point.point.settings)
      out_ << ',' << csv_field(setting_value_text(setting));
    out_ << ',' << csv_field(f.strategy) << ',' << f.runs << ',' << f.unrecovered_runs << ','
         << summary(f.rto_s, &Summary::p50, &Summary::p50_ci) << ','
         << summary(f.rto_s, &Summary::p95, &Summary::p95_ci) << ','
         << (data_unknown(f) ? std::string(",,") : summary(f.rpo_s, &Summary::p95, &Summary::p95_ci)) << ','
         << decimal(f.availability, 9) << ',' << bounds(f.availability_ci, 9) << ',' << number(f.monthly_cost_usd, 2)
         << ',' << counts.met << ',' << counts.not_met << ',' << counts.cannot_tell << '\n';
  }
}

void write_sweep_csv(std::ostream& out, const SweepResult& sweep) {
  SweepCsv csv(out, sweep);
  for (const auto& point : sweep.points)
    csv.row(point);
}

} // namespace drsim
