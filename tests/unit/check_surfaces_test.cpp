// What CI shows of a failing check, on hand-made reports: every objective that fails names its worst drill's seed
// and the command that replays it in text, JUnit, JSON, Markdown and HTML; GitHub annotations point at the
// objective's line of the scenario file, escaped as workflow commands require; the CSV carries each drill's seed as
// text in its replay command.

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "reports/check_report.hpp"
#include "reports/csv_report.hpp"
#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/table_report.hpp"
#include "sim/cli/source_lines.hpp"
#include "sim/measure/objectives.hpp"

using namespace drsim;

namespace {

// Twenty drills of pilot-light recovering in 50 to 69 minutes against an RTO p50 objective of 30 minutes: not met,
// with run 20 (seed 1019) the worst.
ScenarioCheck failing_check() {
  std::vector<DrillResult> drills;
  for (int i = 0; i < 20; ++i) {
    DrillResult d;
    d.run = i;
    d.seed = 1000 + static_cast<std::uint64_t>(i);
    d.measurement.rto_s = 3000 + 60.0 * i;
    d.measurement.availability = 0.97;
    drills.push_back(d);
  }
  Report report{"shop, east", "scenarios/shop.json", 42, 20, {summarize_strategy("pilot-light", drills)}};
  Scenario scenario;
  Objective cost;
  cost.metric = Metric::MonthlyCost;
  cost.target = 5000;
  Objective rto;
  rto.metric = Metric::Rto;
  rto.stat = Statistic::P50;
  rto.target = 1800;
  scenario.objectives = {cost, rto};
  attach_objectives(scenario, report);
  return {report, {{"pilot-light", "RTO p95", "50m", "1h 09m", 0.38, true}}, 0.1};
}

const std::string replay = "drsim run scenarios/shop.json --strategy pilot-light --seed 1019";

template <class Writer> std::string written(Writer writer, const Report& report) {
  std::ostringstream out;
  writer(out, report);
  return out.str();
}

} // namespace

TEST_CASE("ci: every objective that fails names its worst drill and the command that replays it") {
  const auto check = failing_check();
  REQUIRE(check.report.results[0].objectives[1].verdict == Verdict::NotMet);

  std::ostringstream text;
  write_check_text(text, {check});
  CHECK(text.str().find("  RTO p50: worst drill: run 20, seed 1019\n    " + replay + "\n") != std::string::npos);
  CHECK(written(write_compare_text, check.report).find("      " + replay + "\n") != std::string::npos);

  std::ostringstream junit;
  write_junit(junit, {check});
  CHECK(junit.str().find("worst drill: run 20, seed 1019; replay: " + replay + "\" type=\"objective not met\"") !=
        std::string::npos);
  CHECK(junit.str().find("\nworst drill: run 20, seed 1019\nreplay: " + replay + "</failure>") != std::string::npos);

  const auto json = report_to_json(check.report, false)["results"][0]["objectives"][1]["worst_drill"];
  CHECK(json["run"] == 20);
  CHECK(json["seed"] == 1019);
  CHECK(json["replay"] == replay);

  CHECK(written(write_compare_markdown, check.report)
            .find("- pilot-light, RTO p50: run 20, seed 1019: `" + replay + "`") != std::string::npos);
  CHECK(written(write_compare_html, check.report).find("<code>" + replay + "</code>") != std::string::npos);
}

TEST_CASE("ci: GitHub annotations on the objective's line, escaped as workflow commands") {
  const auto check = failing_check();
  std::ostringstream out;
  write_github_annotations(out, {check}, {{3, 7}});
  const auto text = out.str();
  INFO(text);
  // One for the objective (the cost objective is met), one for the regression, which points at the file.
  CHECK(std::count(text.begin(), text.end(), '\n') == 2);
  CHECK(text.starts_with("::error file=scenarios/shop.json,line=7,title=drsim%3A shop%2C east%3A pilot-light RTO p50 "
                         "NOT MET::pilot-light: RTO p50 59m against <= 30m (95 %25 interval 55m 00s to 1h 04m), NOT "
                         "MET."));
  CHECK(text.find("NOT MET. The worst drill: run 20, seed 1019; replay: " + replay + "\n") != std::string::npos);
  CHECK(
      text.find("\n::error file=scenarios/shop.json,title=drsim%3A shop%2C east%3A pilot-light RTO p95 regressed::") !=
      std::string::npos);
}

TEST_CASE("ci: the line of each objective in a scenario file") {
  const std::string scenario = R"({
  "name": "x",
  "strategies": [{"name": "a", "objectives": [1]}],
  "objectives": [
    {"metric": "rto", "target": "15m"},

    {
      "metric": "rpo",
      "target": "1m", "strategies": ["a"]
    },
    {"metric": "availability", "target": 0.99}
  ]
})";
  CHECK(objective_lines(scenario) == std::vector<std::size_t>{5, 7, 11});
  CHECK(objective_lines(R"({"objectives": []})").empty());
  CHECK(objective_lines("{ not json").empty());
  CHECK(objective_lines(R"([{"objectives": [{}]}])").empty());
}

TEST_CASE("ci: the CSV carries each drill's seed as text, in the command that replays it") {
  const auto csv = written(write_compare_csv, failing_check().report);
  CHECK(csv.starts_with("scenario,strategy,run,seed,recovered,rto_s,rpo_s,lost_writes,availability,lost_objects,"
                        "fault_onset_s,first_failure_s,recovered_at_s,replay\n"));
  CHECK(csv.find(",1019,true,") != std::string::npos);
  CHECK(csv.find("," + replay + "\n") != std::string::npos);
}
