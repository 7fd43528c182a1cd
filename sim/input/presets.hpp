// The four DR strategies of the AWS whitepaper "Disaster Recovery of Workloads on AWS: Recovery in the Cloud" as
// presets: an architect writes the topology once and each preset turns it into that strategy's design (a change of
// the topology document, read again like any override) with a default recovery runbook. The strategy's own
// "overrides" go on top of the preset's changes, and its own "runbook", when given, replaces the preset's.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/scenario.hpp"
#include "sim/core/topology.hpp"
#include "sim/input/json_node.hpp"

namespace drsim {

// A preset applied to one topology.
struct PresetPlan {
  nlohmann::json topology;    //!< the base topology document with the preset's changes
  nlohmann::json runbook;     //!< the default runbook, {"steps": [...]} as a scenario writes it
  std::string primary_region; //!< where the primary database runs
  std::string recovery_region;
};

// Applies `preset` to the base topology `document` (which reads as `topology`) for the strategy object `strategy`,
// whose optional "recovery_region" and "preset_parameters" it reads. A preset that cannot apply to the topology, a
// bad recovery region or a bad parameter is reported at its JSON pointer, and the result is then nullopt.
std::optional<PresetPlan> apply_preset(Preset preset, const JsonNode& strategy, const nlohmann::json& document,
                                       const Topology& topology);

} // namespace drsim
