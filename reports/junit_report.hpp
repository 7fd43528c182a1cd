// JUnit XML of `drsim check`, as Jenkins, GitLab and GitHub test reporters read it: one testsuite per scenario,
// one testcase per strategy and objective and per baseline figure. Nothing in it varies between runs of the same
// inputs (no timestamps, durations or host names), so identical inputs give identical bytes.
#pragma once

#include <iosfwd>
#include <vector>

#include "sim/measure/objectives.hpp"

namespace drsim {

void write_junit(std::ostream& out, const std::vector<ScenarioCheck>& checks);

} // namespace drsim
