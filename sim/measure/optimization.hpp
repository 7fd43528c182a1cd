// What `drsim optimize` found (sim/runs/optimize.hpp searches): the candidates it drilled, each a strategy at a
// point of the varied values, where each stands against its objectives, the recommendation and the Pareto front of
// monthly cost, RTO p95 and RPO p95. Computed from reports alone, so the writers and tests need no drill.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sim/core/names.hpp"
#include "sim/core/settings.hpp"
#include "sim/measure/evidence.hpp"
#include "sim/measure/report.hpp"

namespace drsim {

enum class Standing { Met, NotMet, CannotTell };

// Where the search stands with a candidate: met when every objective evaluated is met (VerdictCounts::passed), not
// met when one is not met, cannot tell otherwise.
Standing standing_of(const StrategyReport& report);

enum class SearchPhase { Grid, Halving, Refinement };

inline constexpr EnumName<SearchPhase> search_phase_names[]{
    {SearchPhase::Grid, "grid"}, {SearchPhase::Halving, "halving"}, {SearchPhase::Refinement, "refinement"}};
constexpr std::span<const EnumName<SearchPhase>> name_table(SearchPhase) { return search_phase_names; }

// A strategy at a point.
struct Candidate {
  std::size_t point = 0; //!< in OptimizeResult::points
  std::string strategy;
  SearchPhase found = SearchPhase::Grid; //!< the grid, or a refinement between grid points
  StrategyReport report;                 //!< its last evaluation, the one with the most drills
  // Its first evaluation, at the search's initial runs: the same drills (seeds) at every point whoever is re-drilled
  // later, so the Pareto front compares every candidate on as many drills (common random numbers).
  StrategyReport grid_report;
  Standing standing = Standing::CannotTell;
  int drills = 0; //!< every drill spent on it, re-drills included
};

// Drills spent in each phase.
struct DrillsSpent {
  long long grid = 0;
  long long halving = 0;
  long long refinement = 0;
  long long total() const { return grid + halving + refinement; }
};

struct OptimizeResult {
  std::vector<Dimension> dimensions;
  std::vector<Point> points; //!< the grid's, then the refinements' in the order they were found
  std::vector<Candidate> candidates;
  std::optional<std::size_t> recommended; //!< the cheapest met candidate
  std::optional<std::size_t> closest;     //!< without one: the candidate that misses its objectives by least
  std::vector<std::size_t> pareto;        //!< the non-dominated candidates, by monthly cost
  DrillsSpent spent;
  long long budget = 0;
  int initial_runs = 0;
  bool budget_ran_out = false; //!< some candidate that could still win was left undecided for want of drills
};

// What `drsim optimize` reports: the search's result for a scenario.
struct OptimizeReport {
  std::string scenario;
  std::string scenario_file;
  std::uint64_t seed = 0;
  std::vector<Setting> fixed; //!< the values set at every point (`--set`), before the varied ones
  OptimizeResult result;
  std::optional<Evidence> evidence; //!< absent only where no command made the report (tests)
};

// The margin of an objective: how far its observed value is on the target's side (negative beyond it), and the same
// at the worse end of its 95 % interval (the high end of an upper bound, the low end of availability); absent
// without an observed value or bound.
struct Margin {
  std::optional<double> observed;
  std::optional<double> interval;
};
Margin objective_margin(const ObjectiveResult& objective);

// How far a candidate misses its objectives: the largest relative shortfall of an objective not met (0 when every
// objective is met or cannot tell; infinite when an observed value is absent).
double shortfall(const StrategyReport& report);

// The candidates (their indices) that no other candidate dominates on monthly cost, RTO p95 and RPO p95 of their
// grid reports (Candidate::grid_report, the same number of drills for all): none other is at most as high in all
// three and lower in one. Candidates without a cost or whose drills never recovered are left out. Sorted by monthly
// cost, then RTO p95, then index.
std::vector<std::size_t> pareto_front(const std::vector<Candidate>& candidates);

// A monthly cost in whole cents, the resolution the reports print it at. Measured costs (transfer, incidents) vary
// by drill, so candidates that cost the same to the cent would seldom tie as doubles; the search ranks, ties and
// dominates on this.
long long cost_cents(double monthly_cost_usd);

// The monthly cost, RTO p95 and RPO p95 the front is taken on, as the reports print them (the cost to the cent, the
// percentiles to the millisecond), so no member is dominated in every printed figure; absent when a candidate has no
// cost or no recovered drill.
struct ParetoFigures {
  double monthly_cost_usd = 0;
  double rto_p95_s = 0;
  double rpo_p95_s = 0;
};
std::optional<ParetoFigures> pareto_figures(const StrategyReport& report);

} // namespace drsim
