// What `drsim check` prints on a terminal: per scenario and strategy, each objective with its 95 % interval and
// verdict, each baseline figure with its change, then one line that says whether the check passed. Fits 80 columns.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <vector>

#include "sim/measure/objectives.hpp"

namespace drsim {

void write_check_text(std::ostream& out, const std::vector<ScenarioCheck>& checks);

// GitHub Actions workflow commands, one per objective not met or undecided and per regressed figure:
// "::error file=F,line=L,title=T::message" naming the seed of the worst drill and the command that replays it, so
// that the objective's line in the scenario file carries the failure in a pull request's diff.
// `objective_lines[c][i]` is the line of objective i in the file of checks[c] (objective_lines() of sim/cli); where
// it is missing, the annotation points at the file.
void write_github_annotations(std::ostream& out, const std::vector<ScenarioCheck>& checks,
                              const std::vector<std::vector<std::size_t>>& objective_lines);

// Whether the checks pass: every objective evaluated is met (not "cannot tell", not one drill) and no baseline
// figure regressed.
bool check_passed(const std::vector<ScenarioCheck>& checks);

} // namespace drsim
