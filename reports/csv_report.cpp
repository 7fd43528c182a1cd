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

// A text field as RFC 4180 quotes it. A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage
// return before one) as a formula: such a field gets a leading apostrophe, as OWASP's CSV injection advice says,
// so a strategy named "=cmd|..." stays text.
std::string field(const std::string& text) {
  const bool formula = !text.empty() && std::string_view("=+-@\t\r").find(text.front()) != std::string_view::npos;
  std::string safe = formula ? "'" + text : text;
  if (!formula && safe.find_first_of(",\"\r\n") == std::string::npos)
    return safe;
  std::string quoted = "\"";
  for (char c : safe)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

// Empty for a figure the drill does not have; otherwise at the JSON report's resolution, as every other figure.
std::string number(const std::optional<double>& value, int decimals) { return value ? decimal(*value, decimals) : ""; }

} // namespace

void write_compare_csv(std::ostream& out, const Report& report) {
  // Only long-run reports have the outage columns, so the others keep the layout their readers expect.
  const bool long_run = std::any_of(report.results.begin(), report.results.end(),
                                    [](const StrategyReport& r) { return r.long_run.has_value(); });
  // Likewise the failback's, only when some drill failed back.
  const bool failback = std::any_of(report.results.begin(), report.results.end(),
                                    [](const StrategyReport& r) { return r.failback.has_value(); });
  out << "scenario,strategy,run,seed,recovered,rto_s,rpo_s,lost_writes,availability,lost_objects,fault_onset_s,"
         "first_failure_s,recovered_at_s"
      << (long_run ? ",outages,downtime_s" : "")
      << (failback ? ",failback_start_s,failback_s,failback_downtime_s,failback_lost_writes" : "") << ",replay\n";
  for (const auto& r : report.results)
    for (const auto& drill : r.drills) {
      const auto& m = drill.measurement;
      out << field(report.scenario) << ',' << field(r.strategy) << ',' << drill.run + 1 << ',' << drill.seed << ','
          << (m.rto_s ? "true" : "false") << ',' << number(m.rto_s, 3) << ',' << decimal(m.rpo_s, 3) << ','
          << decimal(m.lost_writes, 0) << ',' << decimal(m.availability, 9) << ',' << decimal(drill.lost_objects, 0)
          << ',' << decimal(drill.fault_onset, 3) << ',' << number(m.first_failure, 3) << ','
          << number(m.recovered_at, 3);
      // An outage still under way at the horizon counts up to it, as in the long-run figures.
      if (r.long_run)
        out << ',' << drill.outages.size() << ','
            << decimal(downtime_s(drill.outages, r.long_run->years_per_run * seconds_per_year), 3);
      else if (long_run)
        out << ",,";
      if (drill.failback)
        out << ',' << decimal(drill.failback->start, 3) << ',' << number(drill.failback->duration_s, 3) << ','
            << decimal(drill.failback->downtime_s, 3) << ',' << decimal(drill.failback->lost_writes, 0);
      else if (failback)
        out << ",,,,";
      // The seed as text too: a spreadsheet rounds a number of 20 digits, never a command.
      out << ',' << field(replay_command(report.scenario_file, r.strategy, drill.seed)) << "\n";
    }
}

void write_run_csv(std::ostream& out, const Report& report) {
  out << "scenario,strategy,seed,time_s,event,component,detail\n";
  for (const auto& r : report.results)
    for (const auto& drill : r.drills)
      for (const auto& event : drill.timeline)
        out << field(report.scenario) << ',' << field(r.strategy) << ',' << drill.seed << ',' << decimal(event.time, 3)
            << ',' << field(name_of(event.kind)) << ',' << field(event.component) << ',' << field(event.detail) << "\n";
}

} // namespace drsim
