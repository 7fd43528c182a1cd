// Reading a topology file (format in the README, "Topology file"): syntax, types, units, ranges and
// references, every problem reported with its JSON Pointer.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

// Reads a topology document, appending every problem to `problems`. Pointers in diagnostics start with
// `pointer_prefix` ("" for a topology file, "/topology" for one inline in a scenario). The result is complete only
// when no problem was added; otherwise it holds whatever could be read, for further checks.
Topology read_topology(const nlohmann::json& document, const std::string& file, const std::string& pointer_prefix,
                       std::vector<Diagnostic>& problems);

// Reads and checks a topology file; throws InputError with all its problems.
Topology load_topology_file(const std::string& path);

} // namespace drsim
