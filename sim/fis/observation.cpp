#include "sim/fis/observation.hpp"

#include <algorithm>
#include <map>

#include "sim/core/errors.hpp"
#include "sim/fis/journal.hpp"
#include "sim/measure/availability.hpp"

namespace drsim::fis {
namespace {

using nlohmann::json;

std::string text_of(const json& record, const char* key) {
  return record.contains(key) && record[key].is_string() ? record[key].get<std::string>() : "";
}

struct ProbeRecord {
  double t = 0;
  bool ok = false;
};

} // namespace

ObservedDrill observe(const std::vector<json>& records, const RecoveryCriterion& criterion, const std::string& file) {
  if (records.empty() || records.front()["type"] != "run" || !records.front().contains("drsim_fis_journal"))
    throw InputError({{file, "", "not the journal of a drsim fis run: its first record must be the run's header"}});
  const auto& header = records.front();
  ObservedDrill drill;
  drill.run_id = text_of(header, "run_id");
  drill.scenario = text_of(header, "scenario");
  drill.strategy = text_of(header, "strategy");
  drill.plan_hash = text_of(header, "plan_hash");
  const double interval = header.contains("probe_interval_s") && header["probe_interval_s"].is_number() &&
                                  header["probe_interval_s"].get<double>() > 0
                              ? header["probe_interval_s"].get<double>()
                              : 1.0;

  if (header.contains("watched_steps") && header["watched_steps"].is_array())
    for (const auto& step : header["watched_steps"])
      if (step.is_object())
        drill.steps.push_back({text_of(step, "step"), text_of(step, "action"), text_of(step, "target"), std::nullopt});
  std::vector<std::pair<double, std::string>> steps_done; // when a watched step's change was seen, and which

  std::map<std::string, std::vector<ProbeRecord>> probes;
  std::optional<double> first_seen_running; // when the run first saw a fault action running, if FIS gave no time
  std::vector<std::pair<double, std::string>> turned_bad; // detectors' changes to ALARM or unhealthy, and which
  for (const auto& record : records) {
    const auto type = record["type"].get<std::string>();
    if (type == "probe" && record.contains("url") && record.contains("ok")) {
      probes[text_of(record, "url")].push_back({record["t"].get<double>(), record["ok"] == true});
    } else if (type == "action" && text_of(record, "action_id") != "aws:fis:wait") {
      if (record.contains("start_s") && record["start_s"].is_number()) {
        const double start = record["start_s"].get<double>();
        drill.fault_onset = std::min(drill.fault_onset.value_or(start), start);
      } else if (text_of(record, "status") == "running" && !first_seen_running) {
        first_seen_running = record["t"].get<double>();
      }
    } else if (type == "step" && record.contains("done") && record["done"] == true) {
      steps_done.emplace_back(record["t"].get<double>(), text_of(record, "step"));
    } else if (type == "end") {
      drill.outcome = text_of(record, "outcome");
    } else if (type == "alarm" || type == "health_check") {
      const bool alarm = type == "alarm";
      const auto name = alarm ? "alarm " + text_of(record, "alarm") + " (" + text_of(record, "region") + ")"
                              : "health check " + text_of(record, "health_check_id");
      if (std::find(drill.detectors.begin(), drill.detectors.end(), name) == drill.detectors.end())
        drill.detectors.push_back(name);
      if (text_of(record, alarm ? "state" : "status") == (alarm ? "ALARM" : "unhealthy")) {
        const double changed = record.contains("changed_s") && record["changed_s"].is_number()
                                   ? record["changed_s"].get<double>()
                                   : record["t"].get<double>();
        turned_bad.emplace_back(changed, name);
      }
    }
  }
  if (!drill.fault_onset)
    drill.fault_onset = first_seen_running;
  if (drill.fault_onset)
    for (const auto& [t, id] : steps_done)
      for (auto& step : drill.steps)
        if (step.step == id && t >= *drill.fault_onset && !step.done_at)
          step.done_at = t;
  if (drill.fault_onset)
    for (const auto& [t, name] : turned_bad)
      if (t >= *drill.fault_onset && (!drill.detected_at || t < *drill.detected_at)) {
        drill.detected_at = t;
        drill.detected_by = name;
      }

  for (auto& [url, list] : probes) {
    std::stable_sort(list.begin(), list.end(), [](const ProbeRecord& a, const ProbeRecord& b) { return a.t < b.t; });
    OutcomeSeries series;
    series.population = url;
    series.rate_rps = 1 / interval;
    for (const auto& probe : list) {
      series.record(probe.t, probe.ok ? 1 : 0);
      drill.failed_probes += probe.ok ? 0 : 1;
      drill.horizon = std::max(drill.horizon, to_millisecond(probe.t + interval));
    }
    drill.probes += list.size();
    drill.urls.push_back(url);
    drill.outcomes.push_back(std::move(series));
  }

  if (drill.outcomes.empty())
    drill.note = "the journal has no probe: the bindings name no health URL";
  else if (!drill.fault_onset)
    drill.note = "no fault action began: the experiments ended or were stopped before the onset";
  else if (*drill.fault_onset >= drill.horizon)
    drill.note = "the probes ended before the fault's onset";
  else {
    // The probes see no data: the observed drill has outages, never cuts.
    const std::vector<FaultWindow> faults{{.onset = *drill.fault_onset, .end = std::nullopt, .name = "fis experiment"}};
    const auto outages = find_outages(drill.outcomes, {}, faults, criterion, drill.horizon);
    drill.measurement = measure(drill.outcomes, outages, {}, *drill.fault_onset, criterion, drill.horizon);
  }
  return drill;
}

} // namespace drsim::fis
