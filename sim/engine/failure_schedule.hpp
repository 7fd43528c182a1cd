// A long run's failures, drawn before the drill starts: each random failure and common-cause event of the scenario
// becomes faults with a fixed onset and duration, which FaultInjector then schedules like any written fault.
#pragma once

#include <vector>

#include "sim/core/distribution.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

// The faults that a long run's random failures and common-cause events produce within [0, scenario.horizon_s)
// for one strategy's topology, each with a fixed onset and duration, sorted by onset (stable).
//
// Every instance slot (a fleet's desired capacity in each region) and every database node alternates between
// up (time to failure) and under repair; every target of a common-cause event has Poisson arrivals while it is
// up. The draws follow one fixed order (random failures, then common-cause events, each in the scenario's order;
// fleets and databases, regions, slots and nodes, targets in the topology's order), so that the same seed gives
// the same faults. `topology` is the strategy's: its desired capacities decide how many slots fail.
std::vector<Fault> draw_failures(const Scenario& scenario, const Topology& topology, Rng& rng);

} // namespace drsim
