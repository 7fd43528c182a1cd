// The anatomy of an RTO on hand-made timelines: the phases follow each other from the outage's onset to the
// recovery and add up to the RTO, named after the runbook steps on the path to the recovery and after what the
// timeline shows between them.

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "reports/json_report.hpp"
#include "reports/table_report.hpp"
#include "reports/text_report.hpp"
#include "sim/measure/rto_anatomy.hpp"

using namespace drsim;

namespace {

RunbookStep step(const std::string& id, StepAction action, std::vector<std::string> after = {}) {
  RunbookStep s;
  s.id = id;
  s.action = action;
  s.after = std::move(after);
  return s;
}

void ran(DrillResult& drill, const std::string& id, double start, double end) {
  drill.timeline.push_back({start, EventKind::StepStarted, id, ""});
  drill.timeline.push_back({end, EventKind::StepDone, id, ""});
}

double total(const RtoAnatomy& anatomy) {
  double sum = 0;
  for (const auto& phase : anatomy.phases)
    sum += phase.duration();
  return sum;
}

std::vector<std::string> names(const RtoAnatomy& anatomy) {
  std::vector<std::string> result;
  for (const auto& phase : anatomy.phases)
    result.push_back(phase.name);
  return result;
}

} // namespace

TEST_CASE("rto anatomy: the runbook's path and DNS propagation add up to the RTO") {
  DrillResult drill;
  drill.fault_onset = 100;
  drill.measurement.recovered_at = 1000;
  drill.measurement.rto_s = 900;
  drill.timeline.push_back({100, EventKind::Fault, "us-east-1", "region-outage"});
  ran(drill, "detect", 100, 160);
  ran(drill, "page", 160, 460);
  ran(drill, "decide", 460, 760);
  ran(drill, "promote", 760, 900);
  ran(drill, "scale", 760, 760);
  ran(drill, "switch-dns", 900, 905);
  // Verification ends after the recovery: not part of the RTO.
  ran(drill, "verify", 905, 1205);
  drill.timeline.push_back({905, EventKind::DnsSwitched, "shop.example.com", ""});
  drill.timeline.push_back({990, EventKind::DnsCacheRefreshed, "shoppers", ""});
  std::sort(drill.timeline.begin(), drill.timeline.end(),
            [](const TimelineEvent& a, const TimelineEvent& b) { return a.time < b.time; });
  Runbook runbook{
      {step("detect", StepAction::Detect), step("page", StepAction::Page), step("decide", StepAction::Decide),
       step("promote", StepAction::Promote, {"decide"}), step("scale", StepAction::Scale, {"decide"}),
       step("switch-dns", StepAction::SwitchDns, {"promote", "scale"}), step("verify", StepAction::Verify)}};

  const auto anatomy = rto_anatomy(drill, runbook);
  REQUIRE(anatomy);
  CHECK(total(*anatomy) == Approx(900));
  CHECK(anatomy->phases.front().start == 100);
  CHECK(anatomy->phases.back().end == 1000);
  CHECK(names(*anatomy) == std::vector<std::string>{"detection", "paging and acknowledgement", "decision", "promotion",
                                                    "DNS switch", "DNS propagation"});
  CHECK(anatomy->phases[1].step == "page");
  CHECK(anatomy->phases[2].duration() == Approx(300));
  for (std::size_t i = 1; i < anatomy->phases.size(); ++i)
    CHECK(anatomy->phases[i].start == anatomy->phases[i - 1].end);
  // Every step is on the chart; scale finished at once and is off the path.
  bool scale_off_path = false;
  for (const auto& activity : anatomy->activities)
    scale_off_path = scale_off_path || (activity.name == "scale" && !activity.critical);
  CHECK(scale_off_path);
}

TEST_CASE("rto anatomy: a drill without runbook steps is detection, then what the models did") {
  DrillResult drill;
  drill.fault_onset = 100;
  drill.measurement.recovered_at = 500;
  drill.measurement.rto_s = 400;
  drill.timeline = {{100, EventKind::Fault, "az-a", "az-outage"},
                    {130, EventKind::HealthCheckFailed, "alb", ""},
                    {140, EventKind::Launch, "web", ""},
                    {400, EventKind::InstancesBooted, "web", ""},
                    {420, EventKind::TargetsChanged, "alb", "3 -> 6 healthy targets"}};
  const auto anatomy = rto_anatomy(drill, Runbook{});
  REQUIRE(anatomy);
  CHECK(total(*anatomy) == Approx(400));
  CHECK(names(*anatomy) == std::vector<std::string>{"detection", "fleet boot and registration"});
  CHECK(anatomy->phases[0].duration() == Approx(30));
}

TEST_CASE("rto anatomy: from the longest outage's onset, and none for a drill that did not recover") {
  DrillResult drill;
  drill.fault_onset = 100;
  drill.timeline = {{100, EventKind::Fault, "az-a", "az-outage"}, {700, EventKind::Fault, "az-b", "az-outage"}};
  CHECK_FALSE(rto_anatomy(drill, Runbook{}));
  // The RTO measures the longest outage, which began with the second fault.
  drill.measurement.recovered_at = 1000;
  drill.measurement.rto_s = 300;
  const auto anatomy = rto_anatomy(drill, Runbook{});
  REQUIRE(anatomy);
  CHECK(anatomy->onset == 700);
  CHECK(total(*anatomy) == Approx(300));
}

TEST_CASE("rto anatomy: in the run's text and JSON") {
  DrillResult drill;
  drill.fault_onset = 100;
  drill.measurement.recovered_at = 500;
  drill.measurement.rto_s = 400;
  drill.timeline = {{100, EventKind::Fault, "az-a", "az-outage"}, {130, EventKind::HealthCheckFailed, "alb", ""}};
  Report report{"s", "s.json", 1, 1, {}};
  StrategyReport strategy;
  strategy.strategy = "a";
  strategy.runs = 1;
  strategy.drills = {drill};
  strategy.anatomy = rto_anatomy(drill, Runbook{});
  report.results.push_back(strategy);
  std::ostringstream text;
  write_run_text(text, report);
  CHECK(text.str().find("Anatomy of the RTO") != std::string::npos);
  CHECK(text.str().find("  detection") != std::string::npos);
  const auto json = report_to_json(report, true);
  const auto& phases = json["results"][0]["rto_anatomy"]["phases"];
  REQUIRE(phases.size() == 2);
  CHECK(phases[0]["phase"] == "detection");
  CHECK(phases[0]["duration_s"] == 30);
  CHECK(phases[1]["step"].is_null());
}

namespace {

DrillResult phased(double rto, std::vector<RtoPhaseTime> phases) {
  DrillResult drill;
  drill.measurement.recovered_at = 100 + rto;
  drill.measurement.rto_s = rto;
  drill.rto_phases = std::move(phases);
  return drill;
}

} // namespace

TEST_CASE("rto anatomy medians: each phase's median over the drills that went through it") {
  // RTOs 400, 600, 500 and 900 s: the nearest-rank median of four is the second smallest, 500 s. Detection took 30,
  // 60, 40 and 20 s: median 30 s. Only the second and third drills waited for DNS (200 and 300 s): median 200 s. The
  // drill that did not recover and the one whose clients saw no failure have no phases and count nowhere.
  const std::vector<DrillResult> drills{
      phased(400, {{"detection", 30}, {"decision", 370}}),
      phased(600, {{"detection", 60}, {"decision", 340}, {"DNS propagation", 200}}),
      phased(500, {{"detection", 40}, {"decision", 160}, {"DNS propagation", 300}}),
      phased(900, {{"detection", 20}, {"DNS propagation", 100}, {"decision", 680}, {"DNS propagation", 100}}),
      DrillResult{},
      phased(0, {}),
  };
  const auto medians = rto_anatomy_medians(drills);
  REQUIRE(medians);
  CHECK(medians->drills == 4);
  CHECK(medians->median_rto_s == 500);
  REQUIRE(medians->phases.size() == 3);
  CHECK(medians->phases[0].name == "detection");
  CHECK(medians->phases[0].median_s == 30);
  CHECK(medians->phases[0].drills == 4);
  CHECK(medians->phases[0].share == Approx(0.06));
  CHECK(medians->phases[1].name == "decision");
  CHECK(medians->phases[1].median_s == 340);
  // The last drill went through DNS propagation twice: once, for 200 s in all.
  CHECK(medians->phases[2].name == "DNS propagation");
  CHECK(medians->phases[2].drills == 3);
  CHECK(medians->phases[2].median_s == 200);
  // 30 + 340 + 200 = 570 s: medians taken apart need not add up to the median RTO.
  CHECK(medians->phases[0].median_s + medians->phases[1].median_s + medians->phases[2].median_s != 500);
}

TEST_CASE("rto anatomy medians: a phase some drills skip keeps its place on the path") {
  const std::vector<DrillResult> drills{
      phased(100, {{"detection", 10}, {"promotion", 90}}),
      phased(300, {{"detection", 10}, {"decision", 100}, {"promotion", 150}, {"DNS propagation", 40}}),
      phased(200, {{"paging and acknowledgement", 50}, {"promotion", 150}}),
  };
  const auto medians = rto_anatomy_medians(drills);
  REQUIRE(medians);
  std::vector<std::string> order;
  for (const auto& phase : medians->phases)
    order.push_back(phase.name);
  CHECK(order == std::vector<std::string>{"paging and acknowledgement", "detection", "decision", "promotion",
                                          "DNS propagation"});
  CHECK(medians->median_rto_s == 200);
  CHECK(medians->phases[3].median_s == 150);
  CHECK(medians->phases[3].drills == 3);
}

TEST_CASE("rto anatomy medians: none without phases, and no share of a median RTO of 0") {
  CHECK_FALSE(rto_anatomy_medians({DrillResult{}, phased(0, {})}));
  const auto medians = rto_anatomy_medians({phased(0, {{"detection", 0}})});
  REQUIRE(medians);
  CHECK_FALSE(medians->phases.front().share);
}

TEST_CASE("rto anatomy medians: in the comparison's text and JSON") {
  Report report{"s", "s.json", 1, 2, {}};
  StrategyReport strategy;
  strategy.strategy = "pilot-light";
  strategy.runs = 2;
  strategy.anatomy_medians =
      rto_anatomy_medians({phased(400, {{"detection", 30}, {"fleet boot and registration", 370}}),
                           phased(600, {{"detection", 60}, {"fleet boot and registration", 540}})});
  report.results.push_back(strategy);
  const auto json = report_to_json(report, false);
  const auto& medians = json["results"][0]["rto_anatomy_medians"];
  CHECK(medians["drills"] == 2);
  CHECK(medians["median_rto_s"] == 400);
  REQUIRE(medians["phases"].size() == 2);
  CHECK(medians["phases"][1]["phase"] == "fleet boot and registration");
  CHECK(medians["phases"][1]["median_s"] == 370);
  CHECK(medians["phases"][1]["share"] == 0.925);
  std::ostringstream text;
  write_compare_text(text, report);
  CHECK(text.str().find("pilot-light: median RTO 6m 40s over 2 recovered drills") != std::string::npos);
  std::istringstream lines(text.str());
  for (std::string line; std::getline(lines, line);)
    CHECK(line.size() <= 79);
}
