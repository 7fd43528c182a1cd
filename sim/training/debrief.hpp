// What a training session cost: its RTO, data loss and availability beside the automated runbook's distribution over
// many drills of the same scenario and strategy and beside the scenario's objectives; how long the trainee took to
// acknowledge, to diagnose and to recover; every alert and action with its time. Written as text, JSON or HTML.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/measure/drill_result.hpp"
#include "sim/measure/report.hpp"
#include "sim/training/session.hpp"

namespace drsim {

struct Debrief {
  std::string scenario;
  std::string strategy;
  std::uint64_t seed = 0;
  StrategyReport session;  //!< the session's one drill, objectives attached
  StrategyReport baseline; //!< the automated runbook over many drills, objectives attached
  std::vector<Alert> alerts;
  std::vector<TraineeAction> actions;
  std::vector<std::string> notes;
  std::vector<RecordedCommand> injected;     //!< the facilitator's faults
  std::optional<double> time_to_acknowledge; //!< from the first alert to the first acknowledgement
  std::optional<double> time_to_diagnose;    //!< from the fault's onset to the first action the runbook also takes
  std::optional<double> time_to_recover;     //!< from the fault's onset to the recovery: the RTO
};

// `session`: its drills hold the session's one drill (with its timeline).
Debrief make_debrief(const std::string& scenario, std::uint64_t seed, StrategyReport session, StrategyReport baseline,
                     const TrainingSession& trainee);

void write_debrief_text(std::ostream& out, const Debrief& debrief);
void write_debrief_json(std::ostream& out, const Debrief& debrief);
// The debrief as one self-contained page: the session beside the runbook, the objectives, the alerts and actions,
// then the session's drill as `drsim run` draws one, with the alerts and the trainee's actions marked.
void write_debrief_html(std::ostream& out, const Debrief& debrief);

} // namespace drsim
