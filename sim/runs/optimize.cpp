#include "sim/runs/optimize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

#include "sim/core/errors.hpp"
#include "sim/core/parameters.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim {
namespace {

long long cents_or_unbounded(const Candidate& candidate) {
  const auto& cost = candidate.report.monthly_cost_usd;
  return cost && std::isfinite(*cost) ? cost_cents(*cost) : std::numeric_limits<long long>::max();
}

double rto_p95_or_unbounded(const Candidate& candidate) {
  return candidate.report.rto_s.count > 0 ? candidate.report.rto_s.p95 : unbounded;
}

// How the search ranks candidates, cheapest first: monthly cost to the cent, then RTO p95, then point order (then
// the candidate's order, so no two rank alike). Both what is worth more drills and the recommendation use it.
auto ranking_key(const std::vector<Candidate>& candidates, std::size_t index) {
  const auto& candidate = candidates[index];
  return std::make_tuple(cents_or_unbounded(candidate), rto_p95_or_unbounded(candidate), candidate.point, index);
}

// The search's state: the result it builds and what is left of the budget.
class Search {
public:
  Search(std::span<const Dimension> dimensions, const std::vector<std::string>& strategies,
         const CandidateEvaluator& evaluate, const OptimizeOptions& options, std::size_t most_points)
      : strategies_(strategies), evaluate_(evaluate), options_(options) {
    result_.dimensions.assign(dimensions.begin(), dimensions.end());
    result_.points = grid_points(dimensions, most_points);
    result_.budget = options.budget;
    result_.initial_runs = options.initial_runs;
  }

  OptimizeResult run() {
    const long long needed = grid_drills(result_.points.size(), strategies_.size(), options_.initial_runs);
    if (needed > options_.budget)
      throw UsageError("--budget: the grid has " + std::to_string(result_.points.size() * strategies_.size()) +
                       " candidates (points x strategies), which take " + std::to_string(needed) + " drills at " +
                       std::to_string(options_.initial_runs) + " runs each, more than the budget of " +
                       std::to_string(options_.budget) + "; raise --budget, lower --runs, or vary fewer values");
    for (std::size_t p = 0; p < result_.points.size(); ++p)
      for (const auto& strategy : strategies_)
        drill(add_candidate(p, strategy, SearchPhase::Grid), options_.initial_runs, SearchPhase::Grid);
    halve();
    refine();
    conclude();
    return std::move(result_);
  }

private:
  long long remaining() const { return options_.budget - result_.spent.total(); }

  std::size_t add_candidate(std::size_t point, const std::string& strategy, SearchPhase found) {
    result_.candidates.push_back({point, strategy, found, {}, {}, Standing::CannotTell, 0});
    return result_.candidates.size() - 1;
  }

  void drill(std::size_t index, int runs, SearchPhase phase) {
    auto& candidate = result_.candidates[index];
    candidate.report = evaluate_(result_.points[candidate.point], candidate.strategy, runs);
    candidate.standing = standing_of(candidate.report);
    if (candidate.drills == 0)
      candidate.grid_report = candidate.report;
    candidate.drills += runs;
    switch (phase) {
    case SearchPhase::Grid:
      result_.spent.grid += runs;
      break;
    case SearchPhase::Halving:
      result_.spent.halving += runs;
      break;
    case SearchPhase::Refinement:
      result_.spent.refinement += runs;
      break;
    }
    if (options_.progress)
      options_.progress(result_.spent.total(), options_.budget);
  }

  // The best-ranked met candidate so far: the recommendation if the search stopped now.
  std::optional<std::size_t> best_met() const {
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < result_.candidates.size(); ++i)
      if (result_.candidates[i].standing == Standing::Met &&
          (!best || ranking_key(result_.candidates, i) < ranking_key(result_.candidates, *best)))
        best = i;
    return best;
  }

  // Undecided and still able to be recommended: what more drills are worth spending on.
  bool contends(std::size_t index) const {
    const auto& candidate = result_.candidates[index];
    if (candidate.standing != Standing::CannotTell || candidate.report.runs >= options_.max_runs)
      return false;
    const auto best = best_met();
    return !best || ranking_key(result_.candidates, index) < ranking_key(result_.candidates, *best);
  }

  // Rounds of doubled drills for the cheaper half of the contenders, cheapest first, until none is left or none can
  // be paid for.
  void halve() {
    for (;;) {
      std::vector<std::size_t> contenders;
      for (std::size_t i = 0; i < result_.candidates.size(); ++i)
        if (contends(i))
          contenders.push_back(i);
      if (contenders.empty())
        return;
      std::sort(contenders.begin(), contenders.end(), [&](std::size_t a, std::size_t b) {
        return ranking_key(result_.candidates, a) < ranking_key(result_.candidates, b);
      });
      // Successive halving by cost: the cheaper half goes on; the dearer half waits for them to be decided, which
      // may put it out of the running.
      contenders.resize((contenders.size() + 1) / 2);
      bool drilled = false;
      for (const auto index : contenders) {
        // A cheaper candidate decided in this round may have put this one out of the running.
        if (!contends(index))
          continue;
        const int runs = std::min(result_.candidates[index].report.runs * 2, options_.max_runs);
        if (runs > remaining()) {
          result_.budget_ran_out = true;
          continue;
        }
        drill(index, runs, SearchPhase::Halving);
        drilled = true;
      }
      if (!drilled)
        return;
    }
  }

  // Two candidates of a strategy at neighbouring values of a range, one met and one not.
  struct Flip {
    std::size_t met;
    std::size_t not_met;
    std::size_t dimension;
  };

  // The grid's flips: points whose values differ in one range dimension only, by one step. The grid's candidates
  // are its points in order, each with every strategy in order, and its first dimension varies slowest
  // (grid_points), so a point's neighbour one value further along dimension d is `stride` points on.
  std::vector<Flip> grid_flips() const {
    std::vector<Flip> flips;
    const auto& dimensions = result_.dimensions;
    const std::size_t strategies = strategies_.size();
    const std::size_t grid = result_.points.size();
    for (std::size_t d = 0; d < dimensions.size(); ++d) {
      if (!dimensions[d].continuous)
        continue;
      std::size_t stride = 1;
      for (std::size_t later = d + 1; later < dimensions.size(); ++later)
        stride *= dimensions[later].values.size();
      const std::size_t values = dimensions[d].values.size();
      for (std::size_t point = 0; point < grid; ++point) {
        if (point / stride % values + 1 >= values)
          continue;
        for (std::size_t s = 0; s < strategies; ++s) {
          const std::size_t a = point * strategies + s;
          const std::size_t b = (point + stride) * strategies + s;
          const auto first = result_.candidates[a].standing;
          const auto second = result_.candidates[b].standing;
          if (first == Standing::Met && second == Standing::NotMet)
            flips.push_back({a, b, d});
          else if (first == Standing::NotMet && second == Standing::Met)
            flips.push_back({b, a, d});
        }
      }
    }
    return flips;
  }

  // The point halfway between the flip's two in its dimension; absent when rounding leaves no value between them.
  std::optional<Point> midpoint(const Flip& flip) const {
    const auto& met = result_.points[result_.candidates[flip.met].point];
    const auto& not_met = result_.points[result_.candidates[flip.not_met].point];
    const auto low = met.magnitudes[flip.dimension];
    const auto high = not_met.magnitudes[flip.dimension];
    if (!low || !high)
      return std::nullopt;
    const auto setting = result_.dimensions[flip.dimension].setting_at((*low + *high) / 2);
    if (setting == met.settings[flip.dimension] || setting == not_met.settings[flip.dimension])
      return std::nullopt;
    // The value's number as the dimension would read it, rounding included.
    const auto read = parse_dimension(setting.text);
    const auto magnitude = read.magnitudes.front();
    if (!magnitude || *magnitude == *low || *magnitude == *high)
      return std::nullopt;
    Point point = met;
    point.settings[flip.dimension] = setting;
    point.magnitudes[flip.dimension] = magnitude;
    return point;
  }

  std::size_t point_index(const Point& point) {
    for (std::size_t p = 0; p < result_.points.size(); ++p)
      if (result_.points[p].settings == point.settings)
        return p;
    result_.points.push_back(point);
    return result_.points.size() - 1;
  }

  // Rounds of midpoints between the flips, each round's new candidates drilled and then halved.
  void refine() {
    auto flips = grid_flips();
    for (int round = 0; round < options_.refine_rounds && !flips.empty(); ++round) {
      std::vector<std::pair<Flip, std::size_t>> drilled; // the flip and its midpoint's candidate
      for (const auto& flip : flips) {
        const auto point = midpoint(flip);
        if (!point)
          continue;
        const auto& strategy = result_.candidates[flip.met].strategy;
        const auto known = std::find_if(result_.candidates.begin(), result_.candidates.end(), [&](const Candidate& c) {
          return c.strategy == strategy && result_.points[c.point].settings == point->settings;
        });
        if (known != result_.candidates.end())
          continue;
        // Only a new candidate left undrilled means the budget ran out.
        if (options_.initial_runs > remaining()) {
          result_.budget_ran_out = true;
          break;
        }
        const auto index = add_candidate(point_index(*point), strategy, SearchPhase::Refinement);
        drill(index, options_.initial_runs, SearchPhase::Refinement);
        drilled.emplace_back(flip, index);
      }
      halve();
      std::vector<Flip> next;
      for (const auto& [flip, index] : drilled) {
        const auto standing = result_.candidates[index].standing;
        if (standing == Standing::Met)
          next.push_back({index, flip.not_met, flip.dimension});
        else if (standing == Standing::NotMet)
          next.push_back({flip.met, index, flip.dimension});
      }
      flips = std::move(next);
    }
  }

  void conclude() {
    const auto& candidates = result_.candidates;
    result_.recommended = best_met();
    if (!result_.recommended)
      for (std::size_t i = 0; i < candidates.size(); ++i) {
        const auto key = [&](std::size_t c) {
          return std::make_tuple(shortfall(candidates[c].report), cents_or_unbounded(candidates[c]),
                                 candidates[c].point, c);
        };
        if (!result_.closest || key(i) < key(*result_.closest))
          result_.closest = i;
      }
    result_.pareto = pareto_front(candidates);
  }

  const std::vector<std::string>& strategies_;
  const CandidateEvaluator& evaluate_;
  const OptimizeOptions& options_;
  OptimizeResult result_;
};

} // namespace
long long grid_drills(std::size_t points, std::size_t strategies, int initial_runs) {
  return static_cast<long long>(points) * static_cast<long long>(strategies) * initial_runs;
}

OptimizeResult optimize(std::span<const Dimension> dimensions, const std::vector<std::string>& strategies,
                        const CandidateEvaluator& evaluate, const OptimizeOptions& options, std::size_t most_points) {
  return Search(dimensions, strategies, evaluate, options, most_points).run();
}

} // namespace drsim
