// The search of `drsim optimize` with a synthetic evaluator whose answer is known on paper: the cheapest feasible
// point is found, candidates that clearly lose get no more drills, the budget holds, and the Pareto front is the
// non-dominated set of a hand-made list. No drill is run.

#include <catch2/catch.hpp>

#include <cmath>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

#include "reports/optimize_report.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/settings.hpp"
#include "sim/runs/optimize.hpp"

using namespace drsim;

namespace {

// A design whose RTO p95 is 1000 / a + 3 b seconds (a: warm capacity, b: a check interval in seconds) and whose
// monthly cost is 100 a, plus 50 for the short interval. Its drills measure the RTO exactly, but the 95 % interval
// of n drills is +- 100 / sqrt(n) around it, so a candidate near the target takes more drills to decide.
//
// Target: RTO p95 <= 300 s. With b = 10 s: feasible from a >= 3.7 (a = 4: 280 s, decided at 40 drills; a = 3:
// 363 s, not met at once; a = 5: 230 s, met at once). With b = 30 s: from a >= 4.8 (a = 5: 290 s, decided at 160
// drills; a = 4: 340 s, not met). The grid holds a = 1, 3, 5, 7, 9; the refinement between 3 and 5 finds a = 4.
// Cheapest feasible: a = 4, b = 10 s, at $450 (a = 5, b = 30 s costs $500; a = 5, b = 10 s $550).
struct Synthetic {
  double target = 300;
  std::vector<std::pair<std::string, int>> calls; //!< the settings' text and the drills asked for

  StrategyReport operator()(const Point& point, const std::string& strategy, int runs) {
    std::string settings;
    for (const auto& s : point.settings)
      settings += s.text + " ";
    calls.emplace_back(settings, runs);
    const double a = *point.magnitudes[0];
    const double b = *point.magnitudes[1];
    const double rto = 1000 / a + 3 * b;
    const double half = 100 / std::sqrt(runs);
    StrategyReport report;
    report.strategy = strategy;
    report.runs = runs;
    report.monthly_cost_usd = 100 * a + (b < 20 ? 50 : 0);
    report.rto_s.count = static_cast<std::size_t>(runs);
    report.rto_s.p95 = rto;
    report.rpo_s.count = static_cast<std::size_t>(runs);
    report.rpo_s.p95 = b;
    ObjectiveResult objective;
    objective.metric = Metric::Rto;
    objective.stat = Statistic::P95;
    objective.target = target;
    objective.observed = rto;
    objective.interval = Interval{rto - half, rto + half};
    objective.met = rto <= target;
    objective.runs = runs;
    objective.verdict = rto + half <= target  ? Verdict::Met
                        : rto - half > target ? Verdict::NotMet
                                              : Verdict::CannotTell;
    report.objectives.push_back(objective);
    return report;
  }
};

std::vector<Dimension> dimensions() { return {parse_dimension("a=1..9/5"), parse_dimension("b=10s,30s")}; }

OptimizeResult search(Synthetic& synthetic, long long budget, int refine_rounds = 3) {
  OptimizeOptions options;
  options.initial_runs = 20;
  options.budget = budget;
  options.refine_rounds = refine_rounds;
  const auto dims = dimensions();
  return optimize(
      dims, {"warm"}, [&](const Point& p, const std::string& s, int n) { return synthetic(p, s, n); }, options);
}

std::string settings_of(const OptimizeResult& result, std::size_t candidate) {
  std::string text;
  for (const auto& s : result.points[result.candidates[candidate].point].settings)
    text += (text.empty() ? "" : " ") + s.text;
  return text;
}

const Candidate& candidate_at(const OptimizeResult& result, const std::string& settings) {
  for (std::size_t i = 0; i < result.candidates.size(); ++i)
    if (settings_of(result, i) == settings)
      return result.candidates[i];
  FAIL("no candidate at " + settings);
  return result.candidates.front();
}

} // namespace

TEST_CASE("optimize finds the cheapest feasible point, refining a range between the grid's values") {
  Synthetic synthetic;
  const auto result = search(synthetic, 2000);
  REQUIRE(result.recommended);
  CHECK(settings_of(result, *result.recommended) == "a=4 b=10s");
  const auto& best = result.candidates[*result.recommended];
  CHECK(best.found == SearchPhase::Refinement);
  CHECK(best.standing == Standing::Met);
  CHECK(*best.report.monthly_cost_usd == 450);
  CHECK(best.report.runs == 40);
  CHECK_FALSE(result.budget_ran_out);
  // The dearer point across the boundary on the other line was decided by doubling its drills.
  CHECK(candidate_at(result, "a=5 b=30s").standing == Standing::Met);
  CHECK(candidate_at(result, "a=5 b=30s").report.runs == 160);
  CHECK(candidate_at(result, "a=4 b=30s").standing == Standing::NotMet);
}

TEST_CASE("optimize gives clearly losing candidates no more drills than the grid's") {
  Synthetic synthetic;
  const auto result = search(synthetic, 2000);
  // Not met at once: dropped.
  CHECK(candidate_at(result, "a=1 b=10s").drills == 20);
  CHECK(candidate_at(result, "a=3 b=30s").drills == 20);
  // Met but dearer than a met candidate: nothing more to decide.
  CHECK(candidate_at(result, "a=9 b=10s").drills == 20);
  CHECK(candidate_at(result, "a=7 b=30s").drills == 20);
  // The close ones took more: 20 + 40 for a = 4, 20 + 40 + 80 + 160 for a = 5 with b = 30 s.
  CHECK(candidate_at(result, "a=4 b=10s").drills == 60);
  CHECK(candidate_at(result, "a=5 b=30s").drills == 300);
  // Every drill asked of the evaluator is counted, by phase.
  long long asked = 0;
  for (const auto& [settings, runs] : synthetic.calls)
    asked += runs;
  CHECK(asked == result.spent.total());
  CHECK(result.spent.grid == 10 * 20);
  CHECK(result.spent.refinement == 2 * 20);
  CHECK(result.spent.halving == asked - 240);
}

TEST_CASE("optimize drills the cheaper half of the undecided first, and stops the dearer once one is met") {
  // Four designs that cost 100 a and meet their objective, though 80 drills are needed to show it.
  const auto evaluate = [](const Point& point, const std::string& strategy, int runs) {
    StrategyReport report;
    report.strategy = strategy;
    report.runs = runs;
    report.monthly_cost_usd = 100 * *point.magnitudes[0];
    ObjectiveResult objective;
    objective.verdict = runs >= 80 ? Verdict::Met : Verdict::CannotTell;
    report.objectives.push_back(objective);
    return report;
  };
  OptimizeOptions options;
  options.budget = 10'000;
  const std::vector<Dimension> dims{parse_dimension("a=1,2,3,4")};
  const auto result = optimize(dims, {"s"}, evaluate, options);
  REQUIRE(result.recommended);
  CHECK(*result.recommended == 0);
  // Round 1: a = 1 and 2 (the cheaper half) to 40 drills; round 2: a = 1 to 80, met, which leaves the others out.
  CHECK(result.candidates[0].drills == 20 + 40 + 80);
  CHECK(result.candidates[1].drills == 20 + 40);
  CHECK(result.candidates[2].drills == 20);
  CHECK(result.candidates[3].drills == 20);
  CHECK(result.spent.total() == 80 + 160);
}

TEST_CASE("optimize keeps within its budget and says when it ran out") {
  Synthetic synthetic;
  // The grid alone: nothing left to decide a = 5, b = 30 s nor to refine; the cheapest met on the grid wins.
  const auto grid_only = search(synthetic, 200);
  CHECK(grid_only.spent.total() == 200);
  CHECK(grid_only.budget_ran_out);
  REQUIRE(grid_only.recommended);
  CHECK(settings_of(grid_only, *grid_only.recommended) == "a=5 b=10s");
  CHECK(candidate_at(grid_only, "a=5 b=30s").standing == Standing::CannotTell);

  for (const long long budget : {230LL, 300LL, 400LL, 700LL}) {
    Synthetic again;
    const auto result = search(again, budget);
    CHECK(result.spent.total() <= budget);
  }
  Synthetic short_of_grid;
  CHECK_THROWS_AS(search(short_of_grid, 199), UsageError);
  CHECK(short_of_grid.calls.empty());
}

TEST_CASE("optimize is deterministic and, without refinement, stays on the grid") {
  Synthetic first, second;
  const auto one = search(first, 2000);
  const auto two = search(second, 2000);
  CHECK(first.calls == second.calls);
  OptimizeReport a{"s", "s.json", 1, {}, one, std::nullopt};
  OptimizeReport b{"s", "s.json", 1, {}, two, std::nullopt};
  CHECK(optimize_to_json(a).dump() == optimize_to_json(b).dump());

  Synthetic unrefined;
  const auto grid = search(unrefined, 2000, 0);
  CHECK(grid.points.size() == 10);
  CHECK(grid.spent.refinement == 0);
  REQUIRE(grid.recommended);
  CHECK(settings_of(grid, *grid.recommended) == "a=5 b=30s");
}

TEST_CASE("optimize names the closest candidate when none meets its objectives") {
  Synthetic synthetic;
  synthetic.target = 100; // below every point's RTO: a = 9 with b = 10 s misses by least (141 s)
  const auto result = search(synthetic, 2000);
  CHECK_FALSE(result.recommended);
  REQUIRE(result.closest);
  CHECK(settings_of(result, *result.closest) == "a=9 b=10s");
  OptimizeReport report{"s", "s.json", 1, {}, result, std::nullopt};
  std::ostringstream text;
  write_optimize_text(text, report);
  CHECK(text.str().find("No candidate meets its objectives. Closest: #9") != std::string::npos);
  CHECK(optimize_to_json(report)["recommended"].is_null());
}

TEST_CASE("the recommendation is a patch that drsim check takes") {
  Synthetic synthetic;
  // A value set at every point (--set) comes first in the patch.
  OptimizeReport report{
      "shop", "scenarios/shop region.json", 42, {parse_setting("horizon=12h")}, search(synthetic, 2000), std::nullopt};
  const auto& best = report.result.candidates[*report.result.recommended];
  const auto pieces = check_command_pieces(report, best);
  CHECK(pieces == std::vector<std::string>{"drsim check 'scenarios/shop region.json'", "--runs 40", "--set horizon=12h",
                                           "--set a=4", "--set b=10s"});
  CHECK(settings_patch(report, best).dump() == R"({"horizon":"12h","a":4,"b":"10s"})");
  const auto json = optimize_to_json(report);
  CHECK(json["recommended"]["candidate"] == *report.result.recommended + 1);
  CHECK(json["drills"]["spent"] == report.result.spent.total());
  std::ostringstream markdown;
  write_optimize_markdown(markdown, report);
  CHECK(markdown.str().find("## Recommended: #11 warm") != std::string::npos);
  CHECK(markdown.str().find("\"horizon\": \"12h\"") != std::string::npos);
  std::ostringstream html;
  write_optimize_html(html, report);
  CHECK(html.str().find("<polyline") != std::string::npos);
  CHECK(html.str().find("--set b=10s") != std::string::npos);
}

TEST_CASE("the Pareto front holds the candidates none other betters in cost, RTO p95 and RPO p95") {
  const auto candidate = [](std::optional<double> cost, double rto, double rpo, std::size_t recovered = 10) {
    Candidate c;
    c.report.monthly_cost_usd = cost;
    c.report.rto_s.count = recovered;
    c.report.rto_s.p95 = rto;
    c.report.rpo_s.count = 10;
    c.report.rpo_s.p95 = rpo;
    c.grid_report = c.report;
    return c;
  };
  const std::vector<Candidate> candidates{
      candidate(100, 600, 60),        // 0: cheapest
      candidate(200, 300, 60),        // 1: faster
      candidate(200, 300, 90),        // 2: dominated by 1 (loses more)
      candidate(300, 300, 5),         // 3: loses least
      candidate(250, 400, 60),        // 4: dominated by 1
      candidate(100, 600, 60),        // 5: equal to 0: neither betters the other
      candidate(50, 10, 1, 0),        // 6: never recovered: left out
      candidate(std::nullopt, 10, 1), // 7: no cost: left out
      candidate(400, 100, 60),        // 8: fastest
  };
  CHECK(pareto_front(candidates) == std::vector<std::size_t>{0, 5, 1, 3, 8});
}

TEST_CASE("a candidate stands met, not met or undecided by its objectives' verdicts") {
  StrategyReport report;
  ObjectiveResult met, undecided, failed, unevaluated;
  met.verdict = Verdict::Met;
  undecided.verdict = Verdict::CannotTell;
  failed.verdict = Verdict::NotMet;
  failed.metric = Metric::Availability;
  failed.target = 0.99;
  failed.observed = 0.98;
  unevaluated.verdict = Verdict::NotEvaluated;
  report.objectives = {met, unevaluated};
  CHECK(standing_of(report) == Standing::Met);
  report.objectives = {met, undecided};
  CHECK(standing_of(report) == Standing::CannotTell);
  report.objectives = {undecided, failed};
  CHECK(standing_of(report) == Standing::NotMet);
  CHECK(shortfall(report) == Approx(0.01 / 0.99));
}

TEST_CASE("the Pareto front compares every candidate on its grid drills, however often it was drilled again") {
  const auto candidate = [](double rto, int runs) {
    Candidate c;
    c.report.runs = runs;
    c.report.monthly_cost_usd = 100;
    c.report.rto_s.count = static_cast<std::size_t>(runs);
    c.report.rto_s.p95 = rto;
    c.report.rpo_s.count = static_cast<std::size_t>(runs);
    c.report.rpo_s.p95 = 60;
    return c;
  };
  // Two identical configurations: the same 20 grid drills, but the first was drilled again to 80, whose p95 came out
  // lower. On the same drills neither betters the other.
  auto redrilled = candidate(280, 80);
  redrilled.grid_report = candidate(300, 20).report;
  auto once = candidate(300, 20);
  once.grid_report = once.report;
  CHECK(pareto_front({redrilled, once}) == std::vector<std::size_t>{0, 1});
}

namespace {

// A report of `runs` drills with the given monthly cost and RTO p95, its one objective judged `verdict`.
StrategyReport priced(double cost, double rto, Verdict verdict, int runs) {
  StrategyReport report;
  report.strategy = "warm";
  report.runs = runs;
  report.monthly_cost_usd = cost;
  report.rto_s.count = static_cast<std::size_t>(runs);
  report.rto_s.p95 = rto;
  report.rpo_s.count = static_cast<std::size_t>(runs);
  report.rpo_s.p95 = 60;
  ObjectiveResult objective;
  objective.metric = Metric::Rto;
  objective.stat = Statistic::P95;
  objective.target = 300;
  objective.observed = rto;
  objective.runs = runs;
  objective.verdict = verdict;
  report.objectives.push_back(objective);
  return report;
}

// A design of two interchangeable settings: cost 100 (a + b) and an RTO p95 of 2000 / (a + b), which the drills
// measure a little lower the more of them there are, with an interval of +- 200 / sqrt(n). Candidates of equal a + b
// tie on every figure at equal drills; the halving re-drills some of them before others, and which ones depends on
// the order of the dimensions (a = 2, b = 5 or a = 5, b = 2 first among those at $700).
StrategyReport interchangeable(const Point& point, const std::string& strategy, int runs) {
  const double sum = *point.magnitudes[0] + *point.magnitudes[1];
  const double rto = 2000 / sum - 40 / std::sqrt(runs);
  const double half = 200 / std::sqrt(runs);
  const Verdict verdict = rto + half <= 300 ? Verdict::Met : rto - half > 300 ? Verdict::NotMet : Verdict::CannotTell;
  auto report = priced(100 * sum, rto, verdict, runs);
  report.strategy = strategy;
  report.objectives.back().interval = Interval{rto - half, rto + half};
  return report;
}

std::vector<std::string> front_settings(const std::vector<Dimension>& dims) {
  OptimizeOptions options;
  options.initial_runs = 20;
  // The grid (49 candidates x 20 drills) and one round of re-drills for four of the seven undecided (a + b = 6 or 7):
  // the three at $600 and the first at $700, which then alone has 40 drills.
  options.budget = 49 * 20 + 4 * 40;
  options.refine_rounds = 0;
  const auto result = optimize(dims, {"warm"}, interchangeable, options);
  std::vector<std::string> front;
  for (const auto index : result.pareto) {
    std::vector<std::string> settings;
    for (const auto& s : result.points[result.candidates[index].point].settings)
      settings.push_back(s.text);
    std::sort(settings.begin(), settings.end());
    front.push_back(settings.front() + " " + settings.back());
  }
  std::sort(front.begin(), front.end());
  return front;
}

} // namespace

TEST_CASE("the order of the varied dimensions does not change the Pareto front") {
  const auto a = parse_dimension("a=2..8/7");
  const auto b = parse_dimension("b=2..8/7");
  const auto forward = front_settings({a, b});
  CHECK_FALSE(forward.empty());
  CHECK(forward == front_settings({b, a}));
}

namespace {

// Two candidates of one strategy at a = 1 and a = 2, each the evaluator's report at that point.
OptimizeResult two_candidates(const std::function<StrategyReport(double a, int runs)>& at) {
  OptimizeOptions options;
  options.initial_runs = 20;
  options.budget = 10'000;
  const std::vector<Dimension> dims{parse_dimension("a=1,2")};
  return optimize(
      dims, {"warm"}, [&](const Point& p, const std::string&, int runs) { return at(*p.magnitudes[0], runs); },
      options);
}

} // namespace

TEST_CASE("optimize recommends by cost to the cent, then by RTO p95") {
  // $100.001 and $100.004 print alike: the faster one is recommended.
  const auto result = two_candidates([](double a, int runs) {
    return a == 1 ? priced(100.001, 200, Verdict::Met, runs) : priced(100.004, 100, Verdict::Met, runs);
  });
  REQUIRE(result.recommended);
  CHECK(settings_of(result, *result.recommended) == "a=2");
}

TEST_CASE("optimize drills again only a candidate that would rank before the best met one") {
  // The undecided one costs the same to the cent but is slower than the met one, so it cannot be recommended.
  const auto result = two_candidates([](double a, int runs) {
    return a == 1 ? priced(100.004, 100, Verdict::Met, runs) : priced(100.001, 250, Verdict::CannotTell, runs);
  });
  CHECK(candidate_at(result, "a=2").drills == 20);
  CHECK(result.spent.halving == 0);
}

TEST_CASE("the Pareto front compares costs to the cent") {
  std::vector<Candidate> candidates(2);
  candidates[0].grid_report = priced(100.004, 100, Verdict::Met, 20);
  candidates[1].grid_report = priced(100.001, 200, Verdict::Met, 20);
  CHECK(pareto_front(candidates) == std::vector<std::size_t>{0});
}

TEST_CASE("optimize says the budget ran out, not that none meets, when candidates are left undecided") {
  OptimizeOptions options;
  options.initial_runs = 20;
  options.budget = 2 * 20; // the grid alone: no re-drill can be paid
  const std::vector<Dimension> dims{parse_dimension("a=1,2")};
  OptimizeReport report;
  report.scenario = "synthetic";
  report.scenario_file = "synthetic.json";
  report.result = optimize(
      dims, {"warm"},
      [](const Point& p, const std::string&, int runs) {
        return priced(100 * *p.magnitudes[0], 300, Verdict::CannotTell, runs);
      },
      options);
  CHECK(report.result.budget_ran_out);
  CHECK_FALSE(report.result.recommended);
  std::ostringstream text;
  write_optimize_text(text, report);
  // The text is wrapped: its words, one space apart.
  std::istringstream words(text.str());
  std::string word, flowing;
  while (words >> word)
    flowing += word + " ";
  CHECK_THAT(flowing, Catch::Contains("the budget ran out and 2 candidates are undecided"));
  CHECK_THAT(flowing, !Catch::Contains("No candidate meets its objectives"));
}
