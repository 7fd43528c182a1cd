// The answer `compare` ends with: the cheapest strategy that meets every objective that applies to it, how much
// room it has, and what the next cheaper strategy misses and by how much. Computed from a Report with its
// objectives attached (attach_objectives), so every format says the same.
//
// - Cheapest: by monthly cost; a strategy without one cannot be ranked and is left out.
// - Meets every objective: each that applies to it is met in the sense of the verdicts (sim/measure/objectives.hpp),
//   its 95 % interval within the target too; "cannot tell" is not met, so a strategy that might do is never
//   recommended over one that is shown to. A strategy no objective applies to meets them all.
// - Margin: how far inside its target an objective's observed figure is, relative to the target (for availability,
//   to the unavailability the target allows); the tightest is the one that would fail first.
// - Shortfall: how far beyond its target a missed objective's figure is, in the same terms; absent when the figure
//   is beyond the horizon (unrecovered drills).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/measure/report.hpp"

namespace drsim {

// One objective of a strategy and how far its observed figure is inside (margin > 0) or beyond (< 0) its target.
struct ObjectiveDistance {
  ObjectiveResult objective;
  std::optional<double> distance; //!< in the metric's unit, target side positive; absent: beyond the horizon
  std::optional<double> relative; //!< distance over the target (availability: over 1 - target); absent for a
                                  //!< target of 0 or a figure beyond the horizon
};

struct Recommendation {
  bool objectives = false;                 //!< whether any objective applies to any strategy
  std::optional<std::size_t> chosen;       //!< the strategy recommended, an index into Report::results
  std::optional<ObjectiveDistance> margin; //!< its tightest objective
  std::optional<std::size_t> cheaper;      //!< the strategy next cheaper than the chosen one (or the most expensive
                                           //!< costed strategy when none is chosen)
  std::vector<ObjectiveDistance> misses;   //!< what `cheaper` does not meet: not met first, then cannot tell
  std::vector<std::size_t> unranked;       //!< strategies without a monthly cost
};

// How far the figure of a judged objective is from its target.
ObjectiveDistance distance_to_target(const ObjectiveResult& objective);

// Whether every objective of the strategy is met (not evaluated ones aside).
bool meets_every_objective(const StrategyReport& strategy);

Recommendation recommend(const Report& report);

} // namespace drsim
