// What a `drsim fis run` observed, measured as the simulator measures a drill. Each health URL is a client
// population whose success ratio is a step function: a probe's outcome (1 or 0) holds from the moment it was sent
// until that URL's next probe. The fault's onset is when FIS began the first action that is not an aws:fis:wait
// (FIS's own startTime, on the journal's clock), and the horizon the end of the observation. metrics::measure then
// applies the scenario's recovery rule (threshold and window) to these series exactly as to a simulated drill's.
// The detection is the first change, from the onset on, of a watched stop-condition alarm to ALARM or of a Route 53
// health check to unhealthy: at CloudWatch's own time of the change when the journal has it, else when it was seen.
// A watched runbook step (step_watch.hpp) happened when the watch first saw its change there from the onset on; a
// change already there before the onset is not the drill's.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/scenario.hpp"
#include "sim/measure/metrics.hpp"

namespace drsim::fis {

// A runbook step the run watched, and when its change was seen.
struct ObservedStep {
  std::string step; //!< the runbook step's id
  std::string action;
  std::string target;
  std::optional<double> done_at; //!< on the journal's clock; absent: not seen from the onset on
};

struct ObservedDrill {
  std::string run_id;
  std::string scenario;
  std::string strategy;
  std::string plan_hash;
  std::string outcome; //!< the run's outcome as journaled; empty: the journal has no end
  std::vector<std::string> urls;
  std::size_t probes = 0;
  std::size_t failed_probes = 0;
  std::optional<double> fault_onset; //!< on the journal's clock; absent: no fault action began
  double horizon = 0;                //!< the last probe's time plus the probe interval
  std::vector<OutcomeSeries> outcomes;
  std::vector<std::string> detectors;     //!< "alarm NAME (REGION)", "health check ID": what the run watched
  std::optional<double> detected_at;      //!< the first detector that turned ALARM or unhealthy from the onset on
  std::string detected_by;                //!< which one
  std::vector<ObservedStep> steps;        //!< as the run's header lists them
  std::optional<Measurement> measurement; //!< absent when there is no onset or no probe after it
  std::string note;                       //!< why the measurement is absent
};

// Reads the records of a journal (read_journal). Throws InputError naming `file` when the first record is not the
// run's header.
ObservedDrill observe(const std::vector<nlohmann::json>& records, const RecoveryCriterion& criterion,
                      const std::string& file);

} // namespace drsim::fis
