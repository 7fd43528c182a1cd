// CSV (RFC 4180 quoting, LF line ends, one header line) for spreadsheets and notebooks: the raw figures behind the
// other reports.
#pragma once

#include <iosfwd>
#include <optional>
#include <string>

#include "sim/measure/report.hpp"

namespace drsim {

// A text field as RFC 4180 quotes it. A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
// return before one) as a formula: such a field gets a leading apostrophe, as OWASP's CSV injection advice says,
// so a strategy named "=cmd|..." stays text.
std::string csv_field(const std::string& text);

// `drsim compare`: one row per drill, written as the drills arrive (MonteCarloOptions::on_drill): the header when
// made, then row() for each drill. `long_run_horizon_s`, present for a long-run scenario, adds the outage columns;
// `failback` the failback's (csv_failback_columns), empty in a row whose drill did not fail back.
class CompareCsv {
public:
  CompareCsv(std::ostream& out, const std::string& scenario, std::string scenario_file,
             std::optional<double> long_run_horizon_s, bool failback);
  void row(const std::string& strategy, const DrillResult& drill);

private:
  std::ostream& out_;
  std::string scenario_; //!< as a field
  std::string scenario_file_;
  std::optional<double> long_run_horizon_s_;
  bool failback_;
};

// The horizon the outage columns count to, as the report states it (its years per run): present for a long run.
std::optional<double> csv_long_run_horizon(const Report& report);
// Whether the rows have the failback columns. The header comes before any drill, so it follows the runbooks rather
// than the drills: some strategy's runbook waits for a health check to fail back.
bool csv_failback_columns(const Scenario& scenario);

// The same for a report that kept its drills (StrategyReport::drills). rto_s and recovered_at_s are empty for a drill
// that did not recover, and first_failure_s for one whose clients never saw a failure. The last column, replay, is the
// command that replays the row's drill (`drsim run FILE --strategy S --seed N`): text, so a spreadsheet keeps the seed
// whole where it rounds the seed column's 20-digit number. A long-run report adds each run's outages and downtime_s (an
// outage still under way counted up to the horizon) before it, and a report where some drill failed back the
// failback's columns.
void write_compare_csv(std::ostream& out, const Report& report);
// `drsim run`: the timeline, one row per event.
void write_run_csv(std::ostream& out, const Report& report);

} // namespace drsim
