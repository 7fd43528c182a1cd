// What the reports say about their own uncertainty, on hand-made drills: the intervals of every summary in JSON
// (an open side as null), the headline figures --precision drives and when each is precise enough, and the
// differences between strategies that are within noise.

#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "reports/json_report.hpp"
#include "reports/table_report.hpp"
#include "sim/measure/report.hpp"

using namespace drsim;

namespace {

DrillResult drill(double rto, double rpo, double availability) {
  DrillResult d;
  d.measurement.rto_s = rto;
  d.measurement.rpo_s = rpo;
  d.measurement.lost_writes = rpo * 20;
  d.measurement.availability = availability;
  return d;
}

// `count` drills whose RTO runs evenly from `from` to `from + spread`.
std::vector<DrillResult> drills(int count, double from, double spread, double rpo = 1) {
  std::vector<DrillResult> result;
  for (int i = 0; i < count; ++i)
    result.push_back(drill(from + spread * i / count, rpo, 0.99 - 0.001 * (i % 3)));
  return result;
}

HeadlineFigure figure(const StrategyReport& report, const std::string& label) {
  for (const auto& f : headline_figures(report))
    if (f.label == label)
      return f;
  FAIL("no headline figure " << label);
  return {};
}

} // namespace

TEST_CASE("json: every summary carries its 95 % intervals, an open side as null") {
  Report report{"s", "s.json", 1, 20, {}};
  report.results.push_back(summarize_strategy("pilot-light", drills(20, 1000, 1000)));
  const auto json = report_to_json(report, false);
  const auto& rto = json["results"][0]["rto_s"];
  REQUIRE(rto.contains("ci95"));
  CHECK(rto["ci95"]["p50"][0] == 1250.0);
  CHECK(rto["ci95"]["p50"][1] == 1700.0);
  // Twenty drills do not bound a p95 above: the upper side is open.
  CHECK(rto["ci95"]["p95"][0] == 1800.0);
  CHECK(rto["ci95"]["p95"][1].is_null());
  CHECK(rto["ci95"]["p99"][1].is_null());
  CHECK(rto["ci95"]["mean"][0].get<double>() < rto["mean"].get<double>());
  const auto& availability = json["results"][0]["availability_ci95"];
  REQUIRE(availability.is_array());
  CHECK(availability[0].get<double>() <= json["results"][0]["availability"].get<double>());
  CHECK(json["within_noise"].is_array());

  // One drill: no interval of the mean (null), and percentiles open on both sides.
  Report one{"s", "s.json", 1, 1, {}};
  one.results.push_back(summarize_strategy("pilot-light", drills(1, 1000, 0)));
  const auto single = report_to_json(one, false)["results"][0]["rto_s"]["ci95"];
  CHECK(single["mean"].is_null());
  CHECK(single["p50"][0].is_null());
  CHECK(single["p50"][1].is_null());
}

TEST_CASE("precision: a headline figure is precise when its interval's half-width is within the target") {
  const auto few = summarize_strategy("s", drills(40, 1000, 100));
  const auto many = summarize_strategy("s", drills(4000, 1000, 100));
  const auto p50_few = figure(few, "RTO p50");
  const auto p50_many = figure(many, "RTO p50");
  REQUIRE(relative_half_width(p50_few));
  REQUIRE(relative_half_width(p50_many));
  CHECK(*relative_half_width(p50_many) < *relative_half_width(p50_few));
  CHECK(*relative_half_width(p50_many) < 0.005);
  // The p95 of 40 drills is open above: no precision to give.
  CHECK_FALSE(relative_half_width(figure(few, "RTO p95")));
  // A figure whose interval is within the report's resolution of it is exact, even at zero.
  const auto rpo = figure(summarize_strategy("s", drills(200, 1000, 100, 0)), "RPO p95");
  CHECK(rpo.value == 0);
  CHECK(relative_half_width(rpo) == 0.0);

  Report report{"s", "s.json", 1, 4000, {}};
  report.results.push_back(many);
  for (const auto& f : imprecise_figures(report, 0.01))
    CHECK(f.figure != "RTO p50");
  report.results.front() = few;
  bool p95_listed = false;
  for (const auto& f : imprecise_figures(report, 0.01))
    p95_listed = p95_listed || (f.figure == "RTO p95" && !f.half_width);
  CHECK(p95_listed);
}

TEST_CASE("within noise: strategies whose figures differ by less than their intervals") {
  Report report{"s", "s.json", 1, 200, {}};
  report.results.push_back(summarize_strategy("a", drills(200, 1000, 400)));
  report.results.push_back(summarize_strategy("b", drills(200, 1010, 400)));
  report.results.push_back(summarize_strategy("c", drills(200, 5000, 400)));
  const auto pairs = within_noise(report);
  REQUIRE(pairs.size() == 1);
  CHECK(pairs[0].first == "a");
  CHECK(pairs[0].second == "b");
  CHECK(std::find(pairs[0].figures.begin(), pairs[0].figures.end(), "RTO p50") != pairs[0].figures.end());
  // The same RPO, printed alike: no difference to explain.
  CHECK(std::find(pairs[0].figures.begin(), pairs[0].figures.end(), "RPO p50") == pairs[0].figures.end());

  std::ostringstream text;
  write_compare_text(text, report);
  CHECK(text.str().find("Within noise") != std::string::npos);
  CHECK(text.str().find("  a and b: RTO p50, RTO p95") != std::string::npos);
  CHECK(report_to_json(report, false)["within_noise"][0]["strategies"].dump() == R"(["a","b"])");
}

TEST_CASE("within noise: intervals open above are compared by the figure where a side is open") {
  // 30 drills bound no p95 from above.
  Report report{"s", "s.json", 1, 30, {}};
  report.results.push_back(summarize_strategy("slow", drills(30, 6000, 300)));
  report.results.push_back(summarize_strategy("fast", drills(30, 140, 10)));
  REQUIRE(!figure(report.results[0], "RTO p95").interval->high);
  REQUIRE(!figure(report.results[1], "RTO p95").interval->high);
  CHECK(within_noise(report).empty());

  // The lower figure lies within the higher one's interval: the drills cannot tell them apart.
  report.results[1] = summarize_strategy("close", drills(30, 6000, 290));
  const auto pairs = within_noise(report);
  REQUIRE(pairs.size() == 1);
  CHECK(std::find(pairs[0].figures.begin(), pairs[0].figures.end(), "RTO p95") != pairs[0].figures.end());
}
