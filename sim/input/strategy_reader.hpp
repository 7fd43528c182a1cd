// Reading a scenario's strategies (format in the README, "Strategies"): each one's preset (presets.hpp) and
// overrides merge-patched (RFC 7386) into the base topology and read again, every problem of the result reported
// where the user can fix it, and its runbook (runbook_reader.hpp), the preset's unless it has its own.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/topology.hpp"
#include "sim/input/json_node.hpp"

namespace drsim {

// The scenario's topology, which every strategy changes.
struct BaseTopology {
  const nlohmann::json* document = nullptr;          //!< as the overrides patch it; nullptr when there is none to read
  const Topology* topology = nullptr;                //!< what was read from it
  std::string file;                                  //!< where its problems are reported
  std::string pointer_prefix;                        //!< "/topology" when it is inline in the scenario, else ""
  const std::vector<Diagnostic>* problems = nullptr; //!< its own, so that patched copies do not repeat them
};

// Reads the array `strategies`, reporting to its sink. `check` sees each strategy once its topology is read, before
// its runbook is: what the rest of the scenario names must be in every strategy's topology. A strategy whose name
// is missing or taken is read for its problems and left out.
std::vector<Strategy> read_strategies(const JsonNode& strategies, const BaseTopology& base,
                                      const std::function<void(const Strategy&)>& check);

} // namespace drsim
