// Markdown reports (GitHub-flavoured tables) for pull requests, wikis and CI job summaries. Every column is padded
// to its widest cell, so the raw text reads as well as the rendered page.
#pragma once

#include <iosfwd>

#include "sim/measure/report.hpp"

namespace drsim {

// `drsim compare`: the statistics of every strategy side by side, the long-run figures of a long-run scenario, then
// the objectives.
void write_compare_markdown(std::ostream& out, const Report& report);
// `drsim run`: per strategy, what the drill measured, its objectives and its timeline.
void write_run_markdown(std::ostream& out, const Report& report);

} // namespace drsim
