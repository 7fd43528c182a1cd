// What `drsim check` prints on a terminal: per scenario and strategy, each objective with its 95 % interval and
// verdict, each baseline figure with its change, then one line that says whether the check passed. Fits 80 columns.
#pragma once

#include <iosfwd>
#include <vector>

#include "sim/measure/objectives.hpp"

namespace drsim {

void write_check_text(std::ostream& out, const std::vector<ScenarioCheck>& checks);

// Whether the checks pass: every objective evaluated is met (not "cannot tell", not one drill) and no baseline
// figure regressed.
bool check_passed(const std::vector<ScenarioCheck>& checks);

} // namespace drsim
