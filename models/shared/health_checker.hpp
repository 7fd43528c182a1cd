// The loop of a health checker: Route 53 endpoint checks, load balancer target checks. A real checker probes on its
// phase every interval; between two changes of the world every probe sees the same thing, so this one probes only
// while a probe can move a verdict, and otherwise sleeps until the world changes. Its verdicts flip at the same
// instants as those of a checker that probed all along.
#pragma once

#include <functional>

namespace drsim {

class World;

struct HealthChecker {
  double phase = 0; //!< probes at phase + k x interval
  double interval = 1;
  // Brings the targets up to date with the world; true when a probe now would agree with every verdict
  // (ThresholdFlag::settled).
  std::function<bool()> settled;
  // Probes every target now and records the outcomes (ThresholdFlag::observe); signals the verdicts that flipped.
  std::function<void()> probe;
  // Records a probe that agreed with every verdict (ThresholdFlag::agree): what the probes made while the checker
  // slept did.
  std::function<void()> agree;

  // The body of the checker's actor, until a fault or the end of the drill kills it.
  void run(World& world) const;
};

} // namespace drsim
