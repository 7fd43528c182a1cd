#include "reports/junit_report.hpp"

#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "reports/recommendation_text.hpp"
#include "reports/svg/markup.hpp"

#include <ostream>
#include <string>

#include <fmt/format.h>

namespace drsim {
namespace {

struct Case {
  std::string classname;
  std::string name;
  std::string outcome; //!< empty (passed), or a complete <failure> or <skipped> element
};

// Met: a passed case. Not evaluated: skipped. Not met, and cannot tell (the 95 % interval straddles the target, or
// one drill stands for a statistic of many): a failure, of type "objective not met" or "cannot tell", since a
// gate passes only what the drills show to hold.
Case objective_case(const Report& report, const std::string& strategy, const ObjectiveResult& o) {
  const auto& scenario = report.scenario;
  Case c{scenario + "." + strategy, objective_label(o.metric, o.stat) + " " + format_target(o.metric, o.target), ""};
  if (o.verdict == Verdict::NotEvaluated) {
    c.outcome = "<skipped message=\"" + escape_markup(o.note) + "\"/>";
  } else if (o.verdict != Verdict::Met) {
    const auto interval = objective_interval(o, " to ");
    const bool not_met = o.verdict == Verdict::NotMet;
    std::string message = objective_label(o) + " is " + format_observed(o);
    if (!interval.empty())
      message += " (95 % interval " + interval + ")";
    message += not_met
                   ? "; the objective is " + format_target(o.metric, o.target)
                   : ": " + verdict_text(o) + " whether it meets " + objective_target(o) + "; more drills would decide";
    const auto worst = worst_drill_text(report.scenario_file, strategy, o);
    if (!worst.empty())
      message += "; " + worst;
    std::string detail = "scenario: " + scenario + "\nstrategy: " + strategy +
                         "\nobjective: " + objective_label(o.metric, o.stat) + " " + format_target(o.metric, o.target) +
                         "\nobserved: " + format_observed(o);
    if (!interval.empty())
      detail += "\n95 % interval: " + interval;
    detail += "\nverdict: " + verdict_text(o);
    if (!o.note.empty())
      detail += "\nnote: " + o.note;
    if (o.worst)
      detail += "\nworst drill: run " + std::to_string(o.worst->run + 1) + ", seed " + std::to_string(o.worst->seed) +
                "\nreplay: " + replay_command(report.scenario_file, strategy, o.worst->seed);
    c.outcome = "<failure message=\"" + escape_markup(message) + "\" type=\"" +
                (not_met ? "objective not met" : "cannot tell") + "\">" + escape_markup(detail, false) + "</failure>";
  }
  return c;
}

Case baseline_case(const std::string& scenario, const BaselineComparison& b, double tolerance) {
  const auto limit = fmt::format("{:g} %", tolerance * 100);
  Case c{scenario + "." + b.strategy, "baseline: " + b.figure + " no worse than " + limit, ""};
  if (b.regressed) {
    const std::string message = b.figure + " regressed " + format_change(b.change) +
                                " against the baseline: " + b.baseline + " -> " + b.current + " (tolerance " + limit +
                                ")";
    const std::string detail = "scenario: " + scenario + "\nstrategy: " + b.strategy + "\nfigure: " + b.figure +
                               "\nbaseline: " + b.baseline + "\nobserved: " + b.current +
                               "\nchange: " + format_change(b.change) + "\ntolerance: " + limit;
    c.outcome = "<failure message=\"" + escape_markup(message) + "\" type=\"regression\">" +
                escape_markup(detail, false) + "</failure>";
  }
  return c;
}

} // namespace

void write_junit(std::ostream& out, const std::vector<ScenarioCheck>& checks) {
  struct Suite {
    const ScenarioCheck* check;
    std::vector<Case> cases;
    int failures = 0;
    int skipped = 0;
  };
  std::vector<Suite> suites;
  int tests = 0, failures = 0, skipped = 0;
  for (const auto& check : checks) {
    Suite suite{&check, {}, 0, 0};
    const auto& report = check.report;
    for (const auto& r : report.results)
      for (const auto& o : r.objectives)
        suite.cases.push_back(objective_case(report, r.strategy, o));
    for (const auto& b : check.baseline)
      suite.cases.push_back(baseline_case(report.scenario, b, check.tolerance.value_or(0)));
    for (const auto& c : suite.cases) {
      suite.failures += c.outcome.starts_with("<failure");
      suite.skipped += c.outcome.starts_with("<skipped");
    }
    tests += static_cast<int>(suite.cases.size());
    failures += suite.failures;
    skipped += suite.skipped;
    suites.push_back(std::move(suite));
  }

  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<testsuites name=\"drsim check\" tests=\"" << tests << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"" << skipped << "\">\n";
  for (const auto& suite : suites) {
    const auto& report = suite.check->report;
    out << "  <testsuite name=\"" << escape_markup(report.scenario) << "\" tests=\"" << suite.cases.size()
        << "\" failures=\"" << suite.failures << "\" errors=\"0\" skipped=\"" << suite.skipped << "\">\n"
        << "    <properties>\n"
        << "      <property name=\"seed\" value=\"" << report.seed << "\"/>\n"
        << "      <property name=\"runs\" value=\"" << report.runs << "\"/>\n";
    if (report.evidence)
      write_evidence_junit_properties(out, *report.evidence, "      ");
    out << "    </properties>\n";
    for (const auto& c : suite.cases) {
      out << "    <testcase classname=\"" << escape_markup(c.classname) << "\" name=\"" << escape_markup(c.name)
          << "\"";
      if (c.outcome.empty())
        out << "/>\n";
      else
        out << ">\n      " << c.outcome << "\n    </testcase>\n";
    }
    // The recommendation of the comparison (sim/measure/recommendation.hpp), where CI shows a suite's output.
    const auto recommendation = recommendation_text(report, recommend(report));
    std::string said;
    for (const auto& sentence : recommendation.sentences) {
      said += sentence + '\n';
      if (sentence.ends_with("misses:"))
        for (const auto& miss : recommendation.misses)
          said += "  " + miss + '\n';
    }
    out << "    <system-out>" << escape_markup(said, false) << "</system-out>\n  </testsuite>\n";
  }
  out << "</testsuites>\n";
}

} // namespace drsim
