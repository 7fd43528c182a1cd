#include "reports/csv_report.hpp"

#include <cstdio>
#include <optional>
#include <ostream>
#include <string>

namespace drsim {
namespace {

std::string field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos)
    return text;
  std::string quoted = "\"";
  for (char c : text)
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + '"';
}

// Fixed decimals at the JSON report's resolution, so that every run of a drill writes the same bytes.
std::string number(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string number(const std::optional<double>& value, int decimals) {
  return value ? number(*value, decimals) : "";
}

} // namespace

void write_compare_csv(std::ostream& out, const Report& report) {
  out << "scenario,strategy,run,seed,recovered,rto_s,rpo_s,lost_writes,availability,lost_objects,fault_onset_s,"
         "first_failure_s,recovered_at_s\n";
  for (const auto& r : report.results)
    for (std::size_t i = 0; i < r.drills.size(); ++i) {
      const auto& drill = r.drills[i];
      const auto& m = drill.measurement;
      out << field(report.scenario) << ',' << field(r.strategy) << ',' << i + 1 << ',' << drill.seed << ','
          << (m.rto_s ? "true" : "false") << ',' << number(m.rto_s, 3) << ',' << number(m.rpo_s, 3) << ','
          << number(m.lost_writes, 0) << ',' << number(m.availability, 9) << ',' << number(drill.lost_objects, 0)
          << ',' << number(drill.fault_onset, 3) << ',' << number(m.first_failure, 3) << ','
          << number(m.recovered_at, 3) << "\n";
    }
}

void write_run_csv(std::ostream& out, const Report& report) {
  out << "scenario,strategy,seed,time_s,event,component,detail\n";
  for (const auto& r : report.results)
    for (const auto& drill : r.drills)
      for (const auto& event : drill.timeline)
        out << field(report.scenario) << ',' << field(r.strategy) << ',' << drill.seed << ','
            << number(event.time, 3) << ',' << field(event.kind) << ',' << field(event.component) << ','
            << field(event.detail) << "\n";
}

} // namespace drsim
