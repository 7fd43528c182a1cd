// A single self-contained HTML page: inline CSS and SVG charts drawn here, no scripts, no external resources, so
// it opens offline, from a CI artifact or an e-mail attachment.
#pragma once

#include <iosfwd>

#include "sim/measure/report.hpp"

namespace drsim {

// `drsim compare`: the figures and objectives of every strategy, the distributions of RTO and RPO over the drills
// (cumulative, one curve per strategy) and monthly cost against RTO; for a long-run scenario, the long-run figures
// and the distribution of monthly downtime over the runs.
void write_compare_html(std::ostream& out, const Report& report);
// `drsim run`: per strategy, what the drill measured, the success ratio of every client population over time with
// the fault, alarms, runbook steps and recovery marked, and the list of events.
void write_run_html(std::ostream& out, const Report& report);
// The body of `drsim run`'s page, for a page that shows drills among other things (a game day's debrief): per
// strategy, its drill's figures, chart and events, and its objectives `with_objectives`.
void write_drill_sections(std::ostream& out, const Report& report, bool with_objectives);

} // namespace drsim
