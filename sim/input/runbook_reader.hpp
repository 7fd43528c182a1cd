// Reading a runbook (format in the README, "Runbook steps"): its steps, each action's arguments checked against a
// strategy's topology, and the "after" dependencies checked for unknown steps and cycles. Every problem is reported
// with its JSON Pointer.
#pragma once

#include "sim/core/scenario.hpp"
#include "sim/core/topology.hpp"
#include "sim/input/json_node.hpp"

namespace drsim {

// Reads `runbook`, {"steps": [...]}. `topology` is the strategy's, or nullptr when the scenario has none: then no
// name is checked, since every reference would fail and the missing topology is reported once, at /topology.
Runbook read_runbook(const JsonNode& runbook, const Topology* topology);

} // namespace drsim
