// The anatomy of an RTO on hand-made timelines: the phases follow each other from the outage's onset to the
// recovery and add up to the RTO, named after the runbook steps on the path to the recovery and after what the
// timeline shows between them.

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "reports/json_report.hpp"
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
