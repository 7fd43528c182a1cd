// FIS experiments through the API: templates created and deleted, experiments started, looked at, listed with their
// tags and stopped, and `drsim fis stop`, which stops every active experiment of a drsim run (found by its
// drsim:run-id tag) and waits until FIS has stopped them.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/fis/aws_client.hpp"

namespace drsim::fis {

struct ExperimentSummary {
  std::string id;
  std::string template_id;
  std::string status; //!< pending, initiating, running, completed, stopping, stopped, failed, cancelled
  std::map<std::string, std::string> tags;
};

// Whether FIS may still act in an experiment of this status.
bool active_status(const std::string& status);

// CreateExperimentTemplate with this request body; returns the new template's id.
std::string create_template(AwsClient& client, const std::string& region, const nlohmann::json& body);
// DeleteExperimentTemplate.
void delete_template(AwsClient& client, const std::string& region, const std::string& id);
// StartExperiment with this request body; returns the experiment FIS answers with (its id and state at least).
nlohmann::json start_experiment(AwsClient& client, const std::string& region, const nlohmann::json& body);
// GetExperiment: the whole experiment, its state and its actions' states among them.
nlohmann::json get_experiment(AwsClient& client, const std::string& region, const std::string& id);
// The status of an experiment or an action as FIS gives it ({"state": {"status": ...}}); empty when absent.
std::string status_of(const nlohmann::json& item);
// The reason of that state; empty when absent.
std::string reason_of(const nlohmann::json& item);

// One resource FIS resolved for a target of an experiment.
struct ResolvedTarget {
  std::string target; //!< the target's name in the template
  std::string resource_type;
  std::string identifier; //!< what FIS says identifies it (an ARN or an id); may be empty
};

// ListExperimentResolvedTargets, all pages (FIS API reference; newer than Debian's botocore model).
std::vector<ResolvedTarget> list_resolved_targets(AwsClient& client, const std::string& region,
                                                  const std::string& experiment_id);

// Every experiment of the region (ListExperiments, all pages).
std::vector<ExperimentSummary> list_experiments(AwsClient& client, const std::string& region);
// The experiment's status (GetExperiment).
std::string experiment_status(AwsClient& client, const std::string& region, const std::string& id);
// StopExperiment; returns the status FIS answers with (usually "stopping").
std::string stop_experiment(AwsClient& client, const std::string& region, const std::string& id);

struct StoppedExperiment {
  std::string region;
  std::string id;
  std::string run_id;
  std::string status; //!< the last status seen: stopped, or another one when the wait ran out
};

// Stops, in each region, every active experiment whose drsim:run-id tag is `run_id` (with an empty `run_id`: that
// has a drsim:run-id tag at all), then polls each until it is no longer active, for at most `polls` rounds with
// `pause` between them.
std::vector<StoppedExperiment> stop_drsim_experiments(AwsClient& client, const std::vector<std::string>& regions,
                                                      const std::string& run_id, int polls,
                                                      const std::function<void()>& pause);

} // namespace drsim::fis
