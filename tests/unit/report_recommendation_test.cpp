// The recommendation that ends `drsim compare`, on hand-made reports: the cheapest strategy shown to meet every
// objective, its tightest margin, what the next cheaper one misses and by how much, and the answer in every format.

#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include "reports/html_report.hpp"
#include "reports/json_report.hpp"
#include "reports/junit_report.hpp"
#include "reports/markdown_report.hpp"
#include "reports/recommendation_text.hpp"
#include "reports/table_report.hpp"
#include "sim/measure/objectives.hpp"
#include "sim/measure/recommendation.hpp"

using namespace drsim;

namespace {

// 200 drills recovering evenly between `rto` and `rto` + 60 s, at the given availability.
StrategyReport strategy(const std::string& name, std::optional<double> monthly_cost, double rto,
                        double availability = 0.999) {
  std::vector<DrillResult> drills;
  for (int i = 0; i < 200; ++i) {
    DrillResult d;
    d.run = i;
    d.seed = 1000 + static_cast<std::uint64_t>(i);
    d.measurement.rto_s = rto + 0.3 * i;
    d.measurement.availability = availability;
    drills.push_back(d);
  }
  auto report = summarize_strategy(name, drills);
  report.monthly_cost_usd = monthly_cost;
  return report;
}

Objective rto_p95(double target) {
  Objective o;
  o.metric = Metric::Rto;
  o.target = target;
  return o;
}

Report report_of(std::vector<StrategyReport> strategies, std::vector<Objective> objectives) {
  Report report{"shop", "shop.json", 1, 200, std::move(strategies)};
  Scenario scenario;
  scenario.objectives = std::move(objectives);
  attach_objectives(scenario, report);
  return report;
}

template <class Writer> std::string written(Writer writer, const Report& report) {
  std::ostringstream out;
  writer(out, report);
  return out.str();
}

} // namespace

TEST_CASE("recommendation: the cheapest strategy shown to meet every objective, and what the next cheaper misses") {
  // RTO p95 within 15 minutes: backup-restore (cheapest) takes an hour, pilot-light 10 minutes, active-active 2.
  const auto report = report_of({strategy("active-active", 1900, 120), strategy("backup-restore", 1100, 3600),
                                 strategy("pilot-light", 1300, 600)},
                                {rto_p95(900)});
  const auto r = recommend(report);
  REQUIRE(r.chosen);
  CHECK(report.results[*r.chosen].strategy == "pilot-light");
  REQUIRE(r.margin);
  // p95 of 600 s + 0.3 s x rank: 656.7 s, 243.3 s inside 900 s.
  CHECK(*r.margin->distance == Approx(243.3));
  CHECK(*r.margin->relative == Approx(243.3 / 900));
  REQUIRE(r.cheaper);
  CHECK(report.results[*r.cheaper].strategy == "backup-restore");
  REQUIRE(r.misses.size() == 1);
  CHECK(r.misses[0].objective.verdict == Verdict::NotMet);
  CHECK(*r.misses[0].distance == Approx(900 - 3656.7));
  CHECK(distance_text(r.misses[0]) == "45m 57s (306 %) over");

  const auto text = recommendation_text(report, r);
  CHECK(text.sentences[0] ==
        "Recommended: pilot-light ($1,300.00 a month), the cheapest strategy that meets every objective that applies "
        "to it.");
  CHECK(text.sentences[1] == "Its tightest margin: RTO p95 10m 57s against <= 15m, 4m 03s (27 %) to spare.");
  CHECK(text.sentences[2] == "The next cheaper, backup-restore ($200.00 a month less), misses:");
  CHECK(text.misses == std::vector<std::string>{"RTO p95 1h 00m 57s against <= 15m, 45m 57s (306 %) over"});
  REQUIRE(text.rows.size() == 3);
  CHECK(text.rows[1] == std::vector<std::string>{"backup-restore", "$1,100", "1 not met"});
  CHECK(text.rows[2] == std::vector<std::string>{"pilot-light", "$1,300", "all 1 met"});
}

TEST_CASE("recommendation: a strategy that might meet an objective is not recommended over one shown to") {
  // Twenty drills of the cheap strategy cannot bound its p95: it cannot tell, so the dearer one is recommended.
  auto cheap = strategy("cheap", 100, 60);
  cheap.drills.resize(20);
  cheap = summarize_strategy("cheap", cheap.drills);
  cheap.monthly_cost_usd = 100;
  const auto report = report_of({cheap, strategy("dear", 500, 60)}, {rto_p95(900)});
  const auto r = recommend(report);
  REQUIRE(r.chosen);
  CHECK(report.results[*r.chosen].strategy == "dear");
  REQUIRE(r.misses.size() == 1);
  CHECK(r.misses[0].objective.verdict == Verdict::CannotTell);
  const auto text = recommendation_text(report, r);
  CHECK(text.misses[0] == "RTO p95 1m 05s against <= 15m: cannot tell with 20 runs (95 %: >= 1m 05s)");
  CHECK(text.sentences.back() == "Where the drills cannot tell, more of them would decide: --runs, or --precision.");
}

TEST_CASE("recommendation: none, when no strategy meets every objective, no objective applies or nothing is costed") {
  auto none = recommend(report_of({strategy("a", 100, 3600), strategy("b", 200, 1800)}, {rto_p95(900)}));
  CHECK_FALSE(none.chosen);
  REQUIRE(none.cheaper);
  CHECK(*none.cheaper == 1); // the most expensive, b, which misses too
  const auto none_text =
      recommendation_text(report_of({strategy("a", 100, 3600), strategy("b", 200, 1800)}, {rto_p95(900)}), none);
  CHECK(none_text.sentences[0] == "No strategy is shown to meet every objective that applies to it.");
  CHECK(none_text.sentences[1] == "Even the most expensive, b ($200.00 a month), misses:");

  const auto no_objectives = report_of({strategy("a", 100, 60)}, {});
  CHECK_FALSE(recommend(no_objectives).objectives);
  CHECK(recommendation_text(no_objectives, recommend(no_objectives))
            .sentences[0]
            .starts_with("The scenario sets no objectives"));

  const auto no_costs = report_of({strategy("a", std::nullopt, 60), strategy("b", std::nullopt, 60)}, {rto_p95(900)});
  CHECK_FALSE(recommend(no_costs).chosen);
  CHECK(recommend(no_costs).unranked.size() == 2);
  CHECK(recommendation_text(no_costs, recommend(no_costs)).sentences[0] ==
        "No strategy has a monthly cost, so none can be recommended as the cheapest.");
}

TEST_CASE("recommendation: availability's margin is in the unavailability its target allows") {
  Objective availability;
  availability.metric = Metric::Availability;
  availability.stat = Statistic::Mean;
  availability.target = 0.99;
  const auto report = report_of({strategy("a", 100, 60, 0.995)}, {availability});
  const auto r = recommend(report);
  REQUIRE(r.margin);
  CHECK(*r.margin->relative == Approx(0.5)); // half the allowed 1 % of failed requests left
  CHECK(distance_text(*r.margin) == "0.500 points (50 %) to spare");
}

TEST_CASE("recommendation: every format ends with it, with the cost of downtime and lost data when priced") {
  auto report = report_of({strategy("backup-restore", 1100, 3600), strategy("pilot-light", 1300, 600)}, {rto_p95(900)});
  for (auto& r : report.results) {
    r.cost = CostBreakdown{};
    r.cost->downtime_usd = summarize({1234.5, 1234.5});
    r.cost->lost_data_usd = summarize({10, 30});
  }
  const auto text = written(write_compare_text, report);
  const auto answer = text.find("Recommended: pilot-light");
  CHECK(answer != std::string::npos);
  CHECK(text.find("Recommendation") > text.find("Objectives:"));
  CHECK(text.find("strategy        $/month  downtime $/drill  lost data $/drill  objectives") != std::string::npos);
  CHECK(text.find("pilot-light      $1,300            $1,235                $20  all 1 met") != std::string::npos);

  CHECK(written(write_compare_markdown, report).find("## Recommendation\n\n**Recommended: pilot-light") !=
        std::string::npos);
  CHECK(written(write_compare_html, report).find("<p class=\"answer\">Recommended: pilot-light") != std::string::npos);
  const auto json = report_to_json(report, false)["recommendation"];
  CHECK(json["strategy"] == "pilot-light");
  CHECK(json["next_cheaper"]["strategy"] == "backup-restore");
  CHECK(json["next_cheaper"]["misses"][0]["verdict"] == "not_met");
  CHECK(json["strategies"][1]["downtime_usd_per_drill"] == 1234.5);
  CHECK(json["strategies"][1]["lost_data_usd_per_drill"] == 20.0);
  CHECK(json["strategies"][1]["meets_every_objective"] == true);
  std::ostringstream junit;
  write_junit(junit, {ScenarioCheck{report, {}, {}}});
  CHECK(junit.str().find("<system-out>Recommended: pilot-light") != std::string::npos);
}
