#include "reports/csv_report.hpp"

#include <algorithm>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "reports/figures.hpp"
#include "sim/measure/availability.hpp"

namespace drsim {
namespace {

// Empty for a figure the drill does not have; otherwise at the JSON report's resolution, as every other figure.
std::string number(const std::optional<double>& value, int decimals) { return value ? decimal(*value, decimals) : ""; }

} // namespace

std::string csv_field(const std::string& text) {
  const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  std::string safe = formula ? "'" + text : text;
  if (!formula && safe.find_first_of(",\"\r\n") == std::string::npos)
    return safe;
  std::string quoted = "\"";
  for (char c : safe)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

CompareCsv::CompareCsv(std::ostream& out, const std::string& scenario, std::string scenario_file,
                       std::optional<double> long_run_horizon_s, bool failback)
    : out_(out), scenario_(csv_field(scenario)), scenario_file_(std::move(scenario_file)),
      long_run_horizon_s_(long_run_horizon_s), failback_(failback) {
  // Only long-run reports have the outage columns, so the others keep the layout their readers expect.
  out_ << "scenario,strategy,run,seed,recovered,rto_s,rpo_s,lost_writes,availability,lost_objects,fault_onset_s,"
          "first_failure_s,recovered_at_s"
       << (long_run_horizon_s_ ? ",outages,downtime_s" : "")
       << (failback_ ? ",failback_start_s,failback_s,failback_downtime_s,failback_lost_writes" : "") << ",replay\n";
}

void CompareCsv::row(const std::string& strategy, const DrillResult& drill) {
  const auto& m = drill.measurement;
  out_ << scenario_ << ',' << csv_field(strategy) << ',' << drill.run + 1 << ',' << drill.seed << ','
       << (m.rto_s ? "true" : "false") << ',' << number(m.rto_s, 3) << ',' << decimal(m.rpo_s, 3) << ','
       << decimal(m.lost_writes, 0) << ',' << decimal(m.availability, 9) << ',' << decimal(drill.lost_objects, 0) << ','
       << decimal(drill.fault_onset, 3) << ',' << number(m.first_failure, 3) << ',' << number(m.recovered_at, 3);
  // An outage still under way at the horizon counts up to it, as in the long-run figures.
  if (long_run_horizon_s_)
    out_ << ',' << drill.outages.size() << ',' << decimal(downtime_s(drill.outages, *long_run_horizon_s_), 3);
  if (const auto& f = drill.failback)
    out_ << ',' << decimal(f->start, 3) << ',' << number(f->duration_s, 3) << ',' << decimal(f->downtime_s, 3) << ','
         << decimal(f->lost_writes, 0);
  else if (failback_)
    out_ << ",,,,";
  // The seed as text too: a spreadsheet rounds a number of 20 digits, never a command.
  out_ << ',' << csv_field(replay_command(scenario_file_, strategy, drill.seed)) << "\n";
}

std::optional<double> csv_long_run_horizon(const Report& report) {
  for (const auto& r : report.results)
    if (r.long_run)
      return r.long_run->years_per_run * seconds_per_year;
  return std::nullopt;
}

bool csv_failback_columns(const Scenario& scenario) {
  return std::any_of(scenario.strategies.begin(), scenario.strategies.end(), [](const Strategy& strategy) {
    return std::any_of(strategy.runbook.steps.begin(), strategy.runbook.steps.end(),
                       [](const RunbookStep& step) { return step.action == StepAction::WaitHealthy; });
  });
}

void write_compare_csv(std::ostream& out, const Report& report) {
  CompareCsv csv(out, report.scenario, report.scenario_file, csv_long_run_horizon(report),
                 std::any_of(report.results.begin(), report.results.end(),
                             [](const StrategyReport& r) { return r.failback.has_value(); }));
  for (const auto& r : report.results)
    for (const auto& drill : r.drills)
      csv.row(r.strategy, drill);
}

void write_run_csv(std::ostream& out, const Report& report) {
  out << "scenario,strategy,seed,time_s,event,component,detail\n";
  for (const auto& r : report.results)
    for (const auto& drill : r.drills)
      for (const auto& event : drill.timeline)
        out << csv_field(report.scenario) << ',' << csv_field(r.strategy) << ',' << drill.seed << ','
            << decimal(event.time, 3) << ',' << csv_field(name_of(event.kind)) << ',' << csv_field(event.component)
            << ',' << csv_field(event.detail) << "\n";
}

} // namespace drsim
