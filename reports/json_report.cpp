#include "reports/json_report.hpp"

#include <cmath>
#include <ostream>

#include "sim/version.hpp"

namespace drsim {
namespace {

// Reports carry milliseconds and whole writes: finer digits are noise of the floating-point arithmetic.
double rounded(double value, double step) { return std::round(value / step) * step; }

nlohmann::ordered_json summary_json(const Summary& s, double step) {
  if (s.count == 0)
    return nullptr;
  return {{"mean", rounded(s.mean, step)}, {"p50", rounded(s.p50, step)}, {"p95", rounded(s.p95, step)},
          {"p99", rounded(s.p99, step)},   {"max", rounded(s.max, step)}};
}

nlohmann::ordered_json timeline_json(const DrillResult& drill) {
  auto events = nlohmann::ordered_json::array();
  for (const auto& event : drill.timeline)
    events.push_back({{"time_s", rounded(event.time, 1e-3)},
                      {"event", event.kind},
                      {"component", event.component},
                      {"detail", event.detail}});
  return events;
}

} // namespace

nlohmann::ordered_json report_to_json(const Report& report, bool with_timeline) {
  nlohmann::ordered_json json;
  json["drsim_report"] = 1;
  json["drsim_version"] = version;
  json["scenario"] = report.scenario;
  json["seed"] = report.seed;
  json["runs"] = report.runs;
  auto results = nlohmann::ordered_json::array();
  for (const auto& r : report.results) {
    nlohmann::ordered_json entry;
    entry["strategy"] = r.strategy;
    entry["runs"] = r.runs;
    entry["unrecovered_runs"] = r.unrecovered_runs;
    entry["rto_s"] = summary_json(r.rto_s, 1e-3);
    entry["rpo_s"] = summary_json(r.rpo_s, 1e-3);
    entry["lost_writes"] = summary_json(r.lost_writes, 1);
    entry["availability"] = rounded(r.availability, 1e-9);
    entry["lost_objects"] = rounded(r.lost_objects, 1);
    if (with_timeline && r.drills.size() == 1) {
      const auto& drill = r.drills.front();
      entry["fault_onset_s"] = rounded(drill.fault_onset, 1e-3);
      entry["timeline"] = timeline_json(drill);
    }
    results.push_back(std::move(entry));
  }
  json["results"] = std::move(results);
  return json;
}

void write_json_report(std::ostream& out, const Report& report, bool with_timeline) {
  out << report_to_json(report, with_timeline).dump(2) << '\n';
}

} // namespace drsim
