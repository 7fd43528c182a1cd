#include "reports/optimize_report.hpp"

#include <algorithm>
#include <cmath>
#include <ostream>
#include <sstream>

#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "reports/html_page.hpp"
#include "reports/json_report.hpp"
#include "reports/markdown_table.hpp"
#include "reports/plain_text.hpp"
#include "reports/svg/axis.hpp"
#include "reports/svg/canvas.hpp"
#include "reports/svg/frame.hpp"
#include "reports/svg/labels.hpp"
#include "reports/svg/markup.hpp"
#include "reports/svg/palette.hpp"
#include "sim/core/parameters.hpp"
#include "sim/core/version.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim {
namespace {

// "#7": how every format names a candidate, its place in the search's list from 1.
std::string candidate_name(std::size_t index) {
  // Appended in steps: GCC 12 warns falsely (-Wrestrict) on "#" + a temporary string.
  std::string name = "#";
  name += std::to_string(index + 1);
  return name;
}

const char* standing_text(Standing standing) {
  switch (standing) {
  case Standing::Met:
    return "met";
  case Standing::NotMet:
    return "not met";
  case Standing::CannotTell:
    return "cannot tell";
  }
  return "cannot tell";
}

const char* standing_name(Standing standing) {
  switch (standing) {
  case Standing::Met:
    return "met";
  case Standing::NotMet:
    return "not_met";
  case Standing::CannotTell:
    return "cannot_tell";
  }
  return "cannot_tell";
}

// The last segment of a varied path, for a column header: "ttl", "interval", "standby_share".
std::string short_name(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

// The value a setting gives, as written: "60s", "0.25".
std::string value_text(const Setting& setting) {
  const auto equals = setting.text.find('=');
  return equals == std::string::npos ? setting.text : setting.text.substr(equals + 1);
}

// A margin for people: "+32m 30s", "-1m 02s", "+0.250 %".
std::string margin_text(Metric metric, double margin) {
  const bool duration = metric == Metric::Rto || metric == Metric::Rpo;
  const double size = std::fabs(margin);
  const std::string figure = duration ? column_duration(size) : format_figure(metric, size);
  // Appended in steps: GCC 12 warns falsely (-Wrestrict) on a character + a temporary string.
  std::string text(1, margin < 0 ? '-' : '+');
  text += figure;
  return text;
}

// "+32m 30s (+30m 01s)": the margin of the figure and at the worse end of its interval, or "-" without an
// observed value.
std::string margin_cell(const ObjectiveResult& o) {
  const auto margin = objective_margin(o);
  if (!margin.observed)
    return "-";
  std::string text = margin_text(o.metric, *margin.observed);
  if (margin.interval && o.stat != Statistic::Max && o.metric != Metric::MonthlyCost)
    text += " (" + margin_text(o.metric, *margin.interval) + ")";
  return text;
}

const char* const margin_note =
    "Margin: how far inside its target the figure is (negative: beyond it); in parentheses, the same at the worse "
    "end of its 95 % interval.";

std::string cost_cell(const StrategyReport& r) {
  return r.monthly_cost_usd ? format_figure(Metric::MonthlyCost, *r.monthly_cost_usd) : "-";
}

// The columns of a candidate in a table: its name, strategy, the values it takes, cost, RTO p95, RPO p95, where it
// stands and the drills it took.
std::vector<std::string> candidate_header(const OptimizeResult& result) {
  std::vector<std::string> header{"", "strategy"};
  for (const auto& dimension : result.dimensions)
    header.push_back(short_name(dimension.path));
  for (const char* column : {"monthly cost", "RTO p95", "RPO p95", "standing", "drills"})
    header.emplace_back(column);
  return header;
}

std::vector<bool> candidate_alignment(const OptimizeResult& result) {
  std::vector<bool> right{false, false};
  right.insert(right.end(), result.dimensions.size(), true);
  right.insert(right.end(), {true, true, true, false, true});
  return right;
}

std::vector<std::string> candidate_row(const OptimizeResult& result, std::size_t index) {
  const auto& c = result.candidates[index];
  std::vector<std::string> row{candidate_name(index), c.strategy};
  for (const auto& setting : result.points[c.point].settings)
    row.push_back(value_text(setting));
  row.push_back(cost_cell(c.report));
  row.push_back(duration_of(c.report.rto_s, &Summary::p95));
  row.push_back(data_unknown(c.report) ? "-" : duration_of(c.report.rpo_s, &Summary::p95));
  row.emplace_back(standing_text(c.standing));
  row.push_back(grouped(c.drills));
  return row;
}

// Whether the candidates are of more than one strategy, which the tables then name.
bool several_strategies(const OptimizeResult& result) {
  return std::any_of(result.candidates.begin(), result.candidates.end(),
                     [&](const Candidate& c) { return c.strategy != result.candidates.front().strategy; });
}

// The text tables, narrower than the HTML ones to fit a terminal: the values in one column, in the order of the
// varied list, and the strategy only when there are several.
std::vector<std::string> text_header(const OptimizeResult& result) {
  std::vector<std::string> header{""};
  if (several_strategies(result))
    header.emplace_back("strategy");
  for (const char* column : {"monthly cost", "RTO p95", "RPO p95", "standing", "drills", "values"})
    header.emplace_back(column);
  return header;
}

std::vector<bool> text_alignment(const OptimizeResult& result) {
  std::vector<bool> right{false};
  if (several_strategies(result))
    right.push_back(false);
  right.insert(right.end(), {true, true, true, false, true, false});
  return right;
}

std::vector<std::string> text_row(const OptimizeResult& result, std::size_t index) {
  const auto full = candidate_row(result, index);
  const auto& c = result.candidates[index];
  const std::size_t dimensions = result.dimensions.size();
  std::vector<std::string> row{full[0]};
  if (several_strategies(result))
    row.push_back(c.strategy);
  row.insert(row.end(), full.begin() + 2 + static_cast<std::ptrdiff_t>(dimensions), full.end());
  std::string values;
  for (std::size_t d = 0; d < dimensions; ++d)
    values += (d == 0 ? "" : " ") + full[2 + d];
  row.push_back(values);
  return row;
}

const char* const values_note = "values: each candidate's values of the varied paths, in the order listed above.";

std::string drills_text(const OptimizeResult& result) {
  return grouped(static_cast<double>(result.spent.total())) + " of a budget of " +
         grouped(static_cast<double>(result.budget)) + ": grid " + grouped(static_cast<double>(result.spent.grid)) +
         ", halving " + grouped(static_cast<double>(result.spent.halving)) + ", refinement " +
         grouped(static_cast<double>(result.spent.refinement));
}

std::string search_text(const OptimizeResult& result) {
  std::size_t refined = 0, met = 0, not_met = 0;
  for (const auto& c : result.candidates) {
    refined += c.found == SearchPhase::Refinement ? 1 : 0;
    met += c.standing == Standing::Met ? 1 : 0;
    not_met += c.standing == Standing::NotMet ? 1 : 0;
  }
  const auto count = result.candidates.size();
  std::string text = std::to_string(count) + " candidates (" + std::to_string(count - refined) + " on the grid, " +
                     std::to_string(refined) + " from refinement), " + std::to_string(result.initial_runs) +
                     " drills each at first: " + std::to_string(met) + " met, " + std::to_string(not_met) +
                     " not met, " + std::to_string(count - met - not_met) + " cannot tell.";
  if (result.budget_ran_out)
    text += " The budget ran out before every candidate that could still be recommended was decided; a larger "
            "--budget may find a cheaper one.";
  return text;
}

// What the search found, or that it found nothing: the candidate the patch is for and how to say it.
struct Finding {
  std::optional<std::size_t> candidate;
  bool recommended = false;
};

Finding finding(const OptimizeResult& result) {
  if (result.recommended)
    return {result.recommended, true};
  return {result.closest, false};
}

// Why nothing is recommended: no candidate meets its objectives, or some are undecided (cannot tell yet), for want of
// budget or at the most runs a candidate may have.
std::string nothing_recommended(const OptimizeResult& result) {
  const auto undecided = std::count_if(result.candidates.begin(), result.candidates.end(),
                                       [](const Candidate& c) { return c.standing == Standing::CannotTell; });
  if (undecided == 0)
    return "No candidate meets its objectives.";
  const std::string count = std::to_string(undecided) + (undecided == 1 ? " candidate is" : " candidates are");
  if (result.budget_ran_out)
    return "No candidate is shown to meet its objectives yet: the budget ran out and " + count +
           " undecided; a larger --budget may decide them.";
  return "No candidate is shown to meet its objectives: " + count +
         " undecided at the most drills a candidate may have.";
}

std::string finding_title(const OptimizeReport& report, const Finding& found) {
  const auto& c = report.result.candidates[*found.candidate];
  return (found.recommended ? "Recommended: " : nothing_recommended(report.result) + " Closest: ") +
         candidate_name(*found.candidate) + " " + c.strategy + ", monthly cost " + cost_cell(c.report) +
         ", judged on " + std::to_string(c.report.runs) + " drills";
}

const char* const pareto_note =
    "Pareto front: the candidates no other candidate betters in monthly cost, RTO p95 and RPO p95 at once (as "
    "cheap, as fast and losing as little, and better in one), each taken on its first --runs drills, the same seeds "
    "at every point, so a candidate drilled again is compared on as many drills as the rest (the tables show its "
    "last evaluation). Candidates whose drills never recovered are left out.";

} // namespace

std::vector<std::string> check_command_pieces(const OptimizeReport& report, const Candidate& candidate) {
  std::vector<std::string> pieces{"drsim check " + shell_word(report.scenario_file),
                                  "--runs " + std::to_string(candidate.report.runs)};
  for (const auto& setting : report.fixed)
    pieces.push_back("--set " + shell_word(setting.text));
  for (const auto& setting : report.result.points[candidate.point].settings)
    pieces.push_back("--set " + shell_word(setting.text));
  return pieces;
}

std::string check_command(const OptimizeReport& report, const Candidate& candidate) {
  std::string command;
  for (const auto& piece : check_command_pieces(report, candidate))
    command += (command.empty() ? "" : " ") + piece;
  return command;
}

nlohmann::ordered_json settings_patch(const OptimizeReport& report, const Candidate& candidate) {
  nlohmann::ordered_json patch = nlohmann::ordered_json::object();
  for (const auto& setting : report.fixed)
    patch[setting.path] = setting.value;
  for (const auto& setting : report.result.points[candidate.point].settings)
    patch[setting.path] = setting.value;
  return patch;
}

void write_optimize_text(std::ostream& out, const OptimizeReport& report) {
  const auto& result = report.result;
  out << "drsim optimize: " << report.scenario << " (seed " << report.seed << ")\n\nVaried\n";
  for (std::size_t d = 0; d < result.dimensions.size(); ++d) {
    const auto& dimension = result.dimensions[d];
    std::string values;
    for (const auto& value : dimension.values)
      values += (values.empty() ? "" : ", ") + value;
    out << hanging("  " + std::to_string(d + 1) + ". ",
                   dimension.path + ": " + values + (dimension.continuous ? " (a range: refined)" : ""));
  }
  out << '\n' << wrap("Searched " + search_text(result));

  const auto found = finding(result);
  if (found.candidate) {
    const auto& c = result.candidates[*found.candidate];
    out << '\n' << wrap(finding_title(report, found)) << '\n';
    for (const auto& o : c.report.objectives) {
      out << "  " << objective_label(o) << ' ' << objective_target(o) << ": " << verdict_text(o) << '\n';
      const auto interval = objective_interval(o, " to ");
      out << hanging("    ", "observed " + format_observed(o) +
                                 (interval.empty() ? std::string() : ", 95 % interval " + interval) + "; margin " +
                                 margin_cell(o));
    }
    out << '\n'
        << wrap(margin_note) << "\nAs a scenario patch, " << (found.recommended ? "confirmed by" : "checked with")
        << ":\n"
        << command_lines(check_command_pieces(report, c), "  ") << "\nor as JSON (path: value):\n";
    std::istringstream patch(settings_patch(report, c).dump(2));
    for (std::string line; std::getline(patch, line);)
      out << "  " << line << '\n';
  } else {
    out << "\nNo candidate was drilled.\n";
  }

  const auto table = [&](const std::vector<std::size_t>& indices) {
    TextTable rows{text_header(result), text_alignment(result), {}};
    for (const auto index : indices)
      rows.rows.push_back(text_row(result, index));
    rows.write(out);
  };
  out << "\nPareto front\n";
  table(result.pareto);
  out << '\n' << wrap(pareto_note);
  out << "\nEvery candidate\n";
  std::vector<std::size_t> all(result.candidates.size());
  for (std::size_t i = 0; i < all.size(); ++i)
    all[i] = i;
  table(all);
  out << '\n' << wrap(values_note) << '\n' << wrap("Drills: " + drills_text(result) + ".");
}

nlohmann::ordered_json optimize_to_json(const OptimizeReport& report) {
  const auto& result = report.result;
  nlohmann::ordered_json json;
  json["drsim_optimize"] = 1;
  json["drsim_version"] = version;
  json["scenario"] = report.scenario;
  json["seed"] = report.seed;
  json["initial_runs"] = result.initial_runs;
  auto dimensions = nlohmann::ordered_json::array();
  for (const auto& dimension : result.dimensions)
    dimensions.push_back({{"path", dimension.path}, {"values", dimension.values}, {"range", dimension.continuous}});
  json["varied"] = std::move(dimensions);
  json["drills"] = {{"budget", result.budget},
                    {"spent", result.spent.total()},
                    {"grid", result.spent.grid},
                    {"halving", result.spent.halving},
                    {"refinement", result.spent.refinement},
                    {"budget_ran_out", result.budget_ran_out}};

  // Each candidate's figures as the comparison's JSON report holds a strategy's.
  const auto figures = [&](const Candidate& c) {
    Report single{report.scenario, report.scenario_file, report.seed, c.report.runs, {c.report}};
    return report_to_json(single, false)["results"][0];
  };
  const auto found = finding(result);
  const auto finding_json = [&](std::size_t index) {
    const auto& c = result.candidates[index];
    nlohmann::ordered_json entry{
        {"candidate", index + 1}, {"strategy", c.strategy}, {"patch", settings_patch(report, c)}};
    entry["check_command"] = check_command(report, c);
    auto margins = nlohmann::ordered_json::array();
    for (const auto& o : c.report.objectives) {
      const auto margin = objective_margin(o);
      const auto number = [&](const std::optional<double>& value) {
        return value ? nlohmann::ordered_json(at_resolution(*value, o.metric)) : nlohmann::ordered_json(nullptr);
      };
      margins.push_back({{"metric", name_of(o.metric)},
                         {"stat", name_of(o.stat)},
                         {"margin", number(margin.observed)},
                         {"margin_at_worse_bound", number(margin.interval)}});
    }
    entry["margins"] = std::move(margins);
    entry["figures"] = figures(c);
    return entry;
  };
  json["recommended"] = found.recommended ? finding_json(*found.candidate) : nlohmann::ordered_json(nullptr);
  json["closest"] =
      !found.recommended && found.candidate ? finding_json(*found.candidate) : nlohmann::ordered_json(nullptr);
  auto front = nlohmann::ordered_json::array();
  for (const auto index : result.pareto)
    front.push_back(index + 1);
  json["pareto_front"] = std::move(front);

  auto candidates = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < result.candidates.size(); ++i) {
    const auto& c = result.candidates[i];
    const auto pareto = pareto_figures(c.report);
    const auto number = [&](double ParetoFigures::*figure, Metric metric) {
      return pareto ? nlohmann::ordered_json(at_resolution(pareto.value().*figure, metric))
                    : nlohmann::ordered_json(nullptr);
    };
    candidates.push_back({{"candidate", i + 1},
                          {"strategy", c.strategy},
                          {"settings", settings_patch(report, c)},
                          {"found_by", name_of(c.found)},
                          {"standing", standing_name(c.standing)},
                          {"runs", c.report.runs},
                          {"drills", c.drills},
                          {"monthly_cost_usd", number(&ParetoFigures::monthly_cost_usd, Metric::MonthlyCost)},
                          {"rto_p95_s", number(&ParetoFigures::rto_p95_s, Metric::Rto)},
                          {"rpo_p95_s", number(&ParetoFigures::rpo_p95_s, Metric::Rpo)}});
  }
  json["candidates"] = std::move(candidates);
  if (report.evidence)
    json["evidence"] = evidence_json(*report.evidence);
  return json;
}

void write_optimize_markdown(std::ostream& out, const OptimizeReport& report) {
  const auto& result = report.result;
  out << "# " << report.scenario << "\n\ndrsim optimize, seed " << report.seed << ". Searched " << search_text(result)
      << "\n\nVaried:\n\n";
  for (const auto& dimension : result.dimensions) {
    std::string values;
    for (const auto& value : dimension.values)
      values += (values.empty() ? "" : ", ") + value;
    out << "- `" << dimension.path << "`: " << values << (dimension.continuous ? " (a range: refined)" : "") << '\n';
  }
  const auto found = finding(result);
  if (found.candidate) {
    const auto& c = result.candidates[*found.candidate];
    out << "\n## " << finding_title(report, found) << "\n\n";
    MarkdownTable objectives({"objective", "target", "observed", "95 % interval", "margin", "verdict"},
                             {false, true, true, true, false, false});
    for (const auto& o : c.report.objectives)
      objectives.add({objective_label(o), objective_target(o), format_observed(o), objective_interval(o, " to "),
                      margin_cell(o), verdict_text(o)});
    objectives.write(out);
    out << margin_note << "\n\nAs a scenario patch, " << (found.recommended ? "confirmed by" : "checked with")
        << ":\n\n```sh\n"
        << command_lines(check_command_pieces(report, c), "", 100) << "```\n\nor as JSON (path: value):\n\n```json\n"
        << settings_patch(report, c).dump(2) << "\n```\n";
  }
  const auto table = [&](const std::vector<std::size_t>& indices) {
    MarkdownTable rows(candidate_header(result), candidate_alignment(result));
    for (const auto index : indices)
      rows.add(candidate_row(result, index));
    rows.write(out);
  };
  out << "\n## Pareto front\n\n";
  table(result.pareto);
  out << pareto_note << "\n\n## Every candidate\n\n";
  std::vector<std::size_t> all(result.candidates.size());
  for (std::size_t i = 0; i < all.size(); ++i)
    all[i] = i;
  table(all);
  out << "Drills: " << drills_text(result) << ".\n";
}

void write_optimize_json(std::ostream& out, const OptimizeReport& report) {
  out << optimize_to_json(report).dump(2) << '\n';
}

namespace {

// "$1,500" on an axis of monthly costs; cents where its step is below a dollar.
std::string dollars_at_step(double value, double step) {
  return step < 1 ? format_figure(Metric::MonthlyCost, value) : whole_dollars(value);
}

// Monthly cost against RTO p95, one point per candidate that recovered: the front coloured by strategy and joined
// by a line, the others grey, the recommendation ringed; the front's points named as in the tables.
std::string pareto_chart(const OptimizeReport& report) {
  const auto& result = report.result;
  std::vector<double> rtos;
  double least = unbounded, most = 0;
  for (const auto& c : result.candidates)
    if (const auto figures = pareto_figures(c.grid_report)) {
      rtos.push_back(figures->rto_p95_s);
      least = std::min(least, figures->monthly_cost_usd);
      most = std::max(most, figures->monthly_cost_usd);
    }
  if (rtos.empty())
    return "<div class=\"placeholder\"><strong>Pareto front: not drawn.</strong> No candidate has both a monthly cost "
           "and a drill that recovered, so there is nothing true to plot.</div>";
  svg::Frame f;
  f.left = 96;
  const auto x = svg::duration_axis(rtos, f.left, f.right);
  // Candidates often differ in cost by a few percent: the axis spans their range, not zero upwards, with room above
  // and below for the points' labels.
  const double room = std::max(most - least, most * 0.01) * 0.15;
  const auto y = svg::range_axis(std::max(0.0, least - room), most + room, f.bottom, f.top, dollars_at_step);
  const std::string caption = "Monthly cost against RTO p95, one point per candidate; the Pareto front (monthly cost, "
                              "RTO p95, RPO p95) in colour, filled where the objectives are met, the others grey.";
  std::vector<std::string> strategies;
  for (const auto& c : result.candidates)
    if (std::find(strategies.begin(), strategies.end(), c.strategy) == strategies.end())
      strategies.push_back(c.strategy);
  const auto colours = svg::strategy_colours(strategies);
  const auto colour_of = [&](const std::string& strategy) {
    return colours[static_cast<std::size_t>(std::find(strategies.begin(), strategies.end(), strategy) -
                                            strategies.begin())];
  };
  std::ostringstream chart;
  chart << svg::open(f.width, f.height(), caption)
        << svg::frame_svg(f, x, y, std::string("RTO p95") + (x.log ? " (logarithmic scale)" : ""),
                          "monthly cost (USD)");
  for (std::size_t i = 0; i < result.candidates.size(); ++i) {
    const auto figures = pareto_figures(result.candidates[i].grid_report);
    if (!figures || std::find(result.pareto.begin(), result.pareto.end(), i) != result.pareto.end())
      continue;
    chart << "<circle cx=\"" << svg::px(x(figures->rto_p95_s)) << "\" cy=\"" << svg::px(y(figures->monthly_cost_usd))
          << "\" r=\"4\" fill=\"#bbbbbb\"/>";
  }
  std::string line;
  std::vector<svg::PointLabel> names;
  for (const auto index : result.pareto) {
    const auto figures = *pareto_figures(result.candidates[index].grid_report);
    const double cx = x(figures.rto_p95_s), cy = y(figures.monthly_cost_usd);
    if (!line.empty())
      line += ' ';
    line += svg::px(cx);
    line += ',';
    line += svg::px(cy);
    // Filled when its objectives are met, a ring otherwise.
    const auto colour = colour_of(result.candidates[index].strategy);
    const bool met = result.candidates[index].standing == Standing::Met;
    chart << "<circle cx=\"" << svg::px(cx) << "\" cy=\"" << svg::px(cy) << "\" r=\"6\" fill=\""
          << (met ? colour : "#ffffff") << "\" stroke=\"" << colour << "\" stroke-width=\"2\"/>";
    if (result.recommended == index)
      chart << "<circle cx=\"" << svg::px(cx) << "\" cy=\"" << svg::px(cy)
            << "\" r=\"11\" fill=\"none\" stroke=\"#000000\" stroke-width=\"2\"/>";
    // Candidates at the same place (values that change nothing the chart shows) share one label.
    const auto same = std::find_if(names.begin(), names.end(), [&](const svg::PointLabel& name) {
      return svg::px(name.x) == svg::px(cx) && svg::px(name.y) == svg::px(cy);
    });
    if (same == names.end())
      names.push_back({cx, cy, candidate_name(index)});
    else
      same->text += ", " + candidate_name(index);
  }
  chart << "<polyline points=\"" << line << "\" fill=\"none\" stroke=\"#555555\" stroke-dasharray=\"4 3\"/>"
        << svg::point_labels_svg(names, f.width - 4, f.top) << "</svg>";
  std::vector<html::LegendEntry> entries;
  for (std::size_t s = 0; s < strategies.size(); ++s)
    entries.push_back(
        {colours[s], strategies[s] + " (on the front; a ring: objectives not met or undecided)", "marker"});
  entries.push_back({"#bbbbbb", "dominated", "marker"});
  if (result.recommended)
    entries.push_back({"#000000", "recommended: " + candidate_name(*result.recommended) + " (ringed)", "line"});
  return "<figure>" + chart.str() + html::legend(entries) + "<figcaption>" + escape_markup(caption) +
         "</figcaption></figure>";
}

void candidate_table(std::ostream& out, const OptimizeResult& result, const std::vector<std::size_t>& indices) {
  const auto header = candidate_header(result);
  const auto right = candidate_alignment(result);
  out << "<div class=\"wide\"><table><thead><tr>";
  for (std::size_t i = 0; i < header.size(); ++i)
    out << (right[i] ? "<th class=\"num\">" : "<th>") << escape_markup(header[i]) << "</th>";
  out << "</tr></thead><tbody>\n";
  for (const auto index : indices) {
    const auto row = candidate_row(result, index);
    out << "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i)
      out << html::cell(row[i], right[i]);
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n";
}

} // namespace

void write_optimize_html(std::ostream& out, const OptimizeReport& report) {
  const auto& result = report.result;
  html::page_start(out, "drsim optimize: " + report.scenario);
  out << "<h1>" << escape_markup(report.scenario) << "</h1>\n<p class=\"meta\">drsim optimize &middot; seed "
      << report.seed << " &middot; drsim " << escape_markup(version) << "</p>\n<p>Searched "
      << escape_markup(search_text(result)) << "</p>\n";
  const auto found = finding(result);
  if (found.candidate) {
    const auto& c = result.candidates[*found.candidate];
    out << "<h2>" << escape_markup(finding_title(report, found)) << "</h2>\n<div class=\"wide\"><table>"
        << html::header({{"objective", false},
                         {"target", true},
                         {"observed", true},
                         {"95 % interval", true},
                         {"margin", false},
                         {"verdict", false}})
        << "<tbody>\n";
    for (const auto& o : c.report.objectives)
      out << "<tr>" << html::cell(objective_label(o)) << html::cell(objective_target(o), true)
          << html::cell(format_observed(o), true) << html::cell(objective_interval(o, "\u2009\u2013\u2009"), true)
          << html::cell(margin_cell(o)) << "<td>" << html::badge(o) << "</td></tr>\n";
    const auto command = command_lines(check_command_pieces(report, c), "", 100);
    out << "</tbody></table></div>\n<p class=\"note\">" << escape_markup(margin_note)
        << "</p>\n<p>As a scenario patch, " << (found.recommended ? "confirmed by" : "checked with")
        << ":</p>\n<pre><code>" << escape_markup(command)
        << "</code></pre>\n<p>or as JSON (path: value):</p>\n<pre><code>"
        << escape_markup(settings_patch(report, c).dump(2)) << "</code></pre>\n";
  }
  out << "<h2>Pareto front</h2>\n" << pareto_chart(report) << '\n';
  candidate_table(out, result, result.pareto);
  out << "<p class=\"note\">" << escape_markup(pareto_note) << "</p>\n<h2>Every candidate</h2>\n";
  std::vector<std::size_t> all(result.candidates.size());
  for (std::size_t i = 0; i < all.size(); ++i)
    all[i] = i;
  candidate_table(out, result, all);
  out << "<p>Drills: " << escape_markup(drills_text(result)) << ".</p>\n";
  html::page_end(out);
}

} // namespace drsim
