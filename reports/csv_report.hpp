// CSV (RFC 4180 quoting, LF line ends, one header line) for spreadsheets and notebooks: the raw figures behind the
// other reports.
#pragma once

#include <iosfwd>

#include "sim/measure/report.hpp"

namespace drsim {

// `drsim compare`: one row per drill. rto_s and recovered_at_s are empty for a drill that did not recover, and
// first_failure_s for one whose clients never saw a failure. The last column, replay, is the command that replays
// the row's drill (`drsim run FILE --strategy S --seed N`): text, so a spreadsheet keeps the seed whole where it
// rounds the seed column's 20-digit number. A long-run report adds each run's outages and downtime_s (an outage
// still under way counted up to the horizon) before it.
void write_compare_csv(std::ostream& out, const Report& report);
// `drsim run`: the timeline, one row per event.
void write_run_csv(std::ostream& out, const Report& report);

} // namespace drsim
