#include "reports/check_report.hpp"

#include <ostream>
#include <string>

#include <fmt/format.h>

#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "reports/plain_text.hpp"

namespace drsim {
namespace {

// The verdict in a table column: "cannot tell" without its runs, which the closing line gives.
std::string verdict_word(const ObjectiveResult& o) {
  switch (o.verdict) {
  case Verdict::CannotTell:
    return "cannot tell";
  case Verdict::OneDrill:
    return "one drill";
  case Verdict::Met:
  case Verdict::NotMet:
  case Verdict::NotEvaluated:
    break;
  }
  return verdict_text(o);
}

std::string tolerance_text(double tolerance) { return fmt::format("{:g} %", tolerance * 100); }

void write_objectives(std::ostream& out, const std::string& scenario_file, const StrategyReport& r) {
  TextTable table{
      {"  objective", "target", "observed", "95 % interval", "verdict"}, {false, true, true, true, false}, {}};
  for (const auto& o : r.objectives)
    table.rows.push_back({"  " + objective_label(o.metric, o.stat), format_target(o.metric, o.target),
                          format_observed(o), objective_interval(o, "-"), verdict_word(o)});
  // Notes, and the drill to replay for each objective that fails, go beneath the table: a column would not fit.
  table.write(out);
  for (const auto& o : r.objectives) {
    if (!o.note.empty())
      out << wrap("  " + objective_label(o.metric, o.stat) + ": " + o.note, "    ");
    if (o.verdict != Verdict::Met && o.verdict != Verdict::NotEvaluated && o.worst)
      out << wrap("  " + objective_label(o.metric, o.stat) + ": worst drill: run " + std::to_string(o.worst->run + 1) +
                      ", seed " + std::to_string(o.worst->seed),
                  "    ")
          << command_lines(replay_pieces(scenario_file, r.strategy, o.worst->seed), "    ");
  }
}

void write_baseline(std::ostream& out, const ScenarioCheck& check, const std::string& strategy) {
  TextTable table{{"  baseline figure", "baseline", "now", "change", "verdict"}, {false, true, true, true, false}, {}};
  for (const auto& b : check.baseline)
    if (b.strategy == strategy)
      table.rows.push_back(
          {"  " + b.figure, b.baseline, b.current, format_change(b.change), b.regressed ? "REGRESSED" : "ok"});
  if (!table.rows.empty()) {
    out << '\n';
    table.write(out);
  }
}

// A workflow command's message: '%', CR and LF escaped, as the runner reads them back.
std::string command_data(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '%')
      escaped += "%25";
    else if (c == '\r')
      escaped += "%0D";
    else if (c == '\n')
      escaped += "%0A";
    else
      escaped += c;
  }
  return escaped;
}

// A workflow command's property value: ':' and ',' escaped too, which separate properties.
std::string command_property(const std::string& text) {
  std::string escaped;
  for (const char c : command_data(text)) {
    if (c == ':')
      escaped += "%3A";
    else if (c == ',')
      escaped += "%2C";
    else
      escaped += c;
  }
  return escaped;
}

void annotate(std::ostream& out, const std::string& file, std::size_t line, const std::string& title,
              const std::string& message) {
  out << "::error file=" << command_property(file);
  if (line > 0)
    out << ",line=" << line;
  out << ",title=" << command_property(title) << "::" << command_data(message) << '\n';
}

} // namespace

void write_github_annotations(std::ostream& out, const std::vector<ScenarioCheck>& checks,
                              const std::vector<std::vector<std::size_t>>& objective_lines) {
  for (std::size_t c = 0; c < checks.size(); ++c) {
    const auto& report = checks[c].report;
    const auto& lines = c < objective_lines.size() ? objective_lines[c] : std::vector<std::size_t>{};
    for (const auto& r : report.results)
      for (const auto& o : r.objectives) {
        if (o.verdict == Verdict::Met || o.verdict == Verdict::NotEvaluated)
          continue;
        const auto label = objective_label(o.metric, o.stat);
        std::string message =
            r.strategy + ": " + label + " " + format_observed(o) + " against " + format_target(o.metric, o.target);
        if (const auto interval = objective_interval(o, " to "); !interval.empty())
          message += " (95 % interval " + interval + ")";
        message += ", " + verdict_text(o) + ".";
        if (!o.note.empty())
          message += " " + o.note + ".";
        if (const auto worst = worst_drill_text(report.scenario_file, r.strategy, o); !worst.empty())
          message += " The " + worst;
        annotate(out, report.scenario_file, o.index < lines.size() ? lines[o.index] : 0,
                 "drsim: " + report.scenario + ": " + r.strategy + " " + label + " " + verdict_text(o), message);
      }
    for (const auto& b : checks[c].baseline)
      if (b.regressed)
        annotate(out, report.scenario_file, 0,
                 "drsim: " + report.scenario + ": " + b.strategy + " " + b.figure + " regressed",
                 b.strategy + ": " + b.figure + " regressed " + format_change(b.change) + " against the baseline: " +
                     b.baseline + " -> " + b.current + " (tolerance " + tolerance_text(*checks[c].tolerance) + ").");
  }
}

bool check_passed(const std::vector<ScenarioCheck>& checks) {
  for (const auto& check : checks) {
    for (const auto& r : check.report.results)
      for (const auto& o : r.objectives) {
        VerdictCounts counts;
        counts.add(o);
        if (!counts.passed())
          return false;
      }
    for (const auto& b : check.baseline)
      if (b.regressed)
        return false;
  }
  return true;
}

void write_check_text(std::ostream& out, const std::vector<ScenarioCheck>& checks) {
  VerdictCounts counts;
  int compared = 0, regressed = 0;
  bool baselines = false;
  for (const auto& check : checks) {
    const auto& report = check.report;
    out << (&check == &checks.front() ? "" : "\n") << "Scenario " << report.scenario << ": " << grouped(report.runs)
        << " drills per strategy, seed " << report.seed << '\n';
    if (check.tolerance) {
      baselines = true;
      out << wrap("Baseline figures may be up to " + tolerance_text(*check.tolerance) + " worse.");
    }
    for (const auto& r : report.results) {
      out << '\n' << r.strategy << '\n';
      if (!r.objectives.empty())
        write_objectives(out, report.scenario_file, r);
      write_baseline(out, check, r.strategy);
      for (const auto& o : r.objectives)
        counts.add(o);
    }
    for (const auto& b : check.baseline) {
      ++compared;
      regressed += b.regressed;
    }
    if (report.evidence)
      write_evidence_text(out, *report.evidence);
  }
  std::string summary = "drsim check: " + std::to_string(counts.total()) + " objectives: " + counts.text();
  if (baselines)
    summary += "; " + std::to_string(compared) + " baseline figures: " + std::to_string(regressed) + " regressed";
  summary += check_passed(checks) ? ". Passed." : ". FAILED.";
  out << '\n' << wrap(summary);
  if (counts.cannot_tell + counts.within_on_one_drill + counts.beyond_on_one_drill > 0)
    out << wrap("Cannot tell: the 95 % interval of the statistic straddles the target, so these drills show neither "
                "that it is met nor that it is not; the check fails until more drills (--runs, or the scenario's "
                "\"runs\") decide.");
}

} // namespace drsim
