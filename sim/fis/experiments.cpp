#include "sim/fis/experiments.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace drsim::fis {
namespace {

using nlohmann::json;

json parse_answer(const HttpResponse& response, const std::string& what) {
  auto document = json::parse(response.body, nullptr, false);
  if (!document.is_object())
    throw AwsError(what + ": the answer is not a JSON object", response.status, "");
  return document;
}

std::string state_member(const json& item, const char* key) {
  if (item.is_object() && item.contains("state") && item["state"].is_object() && item["state"].contains(key) &&
      item["state"][key].is_string())
    return item["state"][key].get<std::string>();
  return "";
}

// The object under `key` of an answer, or a complaint about the answer.
json member_object(const json& answer, const char* key, const std::string& what, const HttpResponse& response) {
  if (!answer.contains(key) || !answer[key].is_object())
    throw AwsError(what + ": the answer has no \"" + key + "\" object", response.status, "");
  return answer[key];
}

} // namespace

std::string status_of(const json& item) { return state_member(item, "status"); }

std::string reason_of(const json& item) { return state_member(item, "reason"); }

std::string create_template(AwsClient& client, const std::string& region, const json& body) {
  const auto response = client.call("POST", "fis", region, "/experimentTemplates", {}, body.dump());
  const auto created = member_object(parse_answer(response, "CreateExperimentTemplate"), "experimentTemplate",
                                     "CreateExperimentTemplate", response);
  if (!created.contains("id") || !created["id"].is_string() || created["id"].get<std::string>().empty())
    throw AwsError("CreateExperimentTemplate: the answer names no template id", response.status, "");
  return created["id"].get<std::string>();
}

void delete_template(AwsClient& client, const std::string& region, const std::string& id) {
  client.call("DELETE", "fis", region, "/experimentTemplates/" + id);
}

json start_experiment(AwsClient& client, const std::string& region, const json& body) {
  const auto response = client.call("POST", "fis", region, "/experiments", {}, body.dump());
  auto experiment = member_object(parse_answer(response, "StartExperiment"), "experiment", "StartExperiment", response);
  if (!experiment.contains("id") || !experiment["id"].is_string() || experiment["id"].get<std::string>().empty())
    throw AwsError("StartExperiment: the answer names no experiment id", response.status, "");
  return experiment;
}

json get_experiment(AwsClient& client, const std::string& region, const std::string& id) {
  const auto response = client.call("GET", "fis", region, "/experiments/" + id);
  return member_object(parse_answer(response, "GetExperiment"), "experiment", "GetExperiment", response);
}

bool active_status(const std::string& status) {
  return status == "pending" || status == "initiating" || status == "running" || status == "stopping";
}

std::vector<ResolvedTarget> list_resolved_targets(AwsClient& client, const std::string& region,
                                                  const std::string& experiment_id) {
  std::vector<ResolvedTarget> resolved;
  std::string token;
  const std::string path = "/experiments/" + experiment_id + "/resolvedTargets";
  for (int page = 0; page < 10000; ++page) {
    std::map<std::string, std::string> query{{"maxResults", "100"}};
    if (!token.empty())
      query["nextToken"] = token;
    const auto answer = parse_answer(client.call("GET", "fis", region, path, query), "ListExperimentResolvedTargets");
    if (answer.contains("resolvedTargets") && answer["resolvedTargets"].is_array())
      for (const auto& item : answer["resolvedTargets"]) {
        if (!item.is_object() || !item.contains("targetName") || !item["targetName"].is_string())
          continue;
        ResolvedTarget target;
        target.target = item["targetName"].get<std::string>();
        if (item.contains("resourceType") && item["resourceType"].is_string())
          target.resource_type = item["resourceType"].get<std::string>();
        if (item.contains("targetInformation") && item["targetInformation"].is_object()) {
          const auto& information = item["targetInformation"];
          const auto identifier =
              information.contains("identifier") ? information.find("identifier") : information.begin();
          if (identifier != information.end() && identifier->is_string())
            target.identifier = identifier->get<std::string>();
        }
        resolved.push_back(std::move(target));
      }
    if (!answer.contains("nextToken") || !answer["nextToken"].is_string() ||
        answer["nextToken"].get<std::string>().empty())
      return resolved;
    token = answer["nextToken"].get<std::string>();
  }
  throw AwsError("ListExperimentResolvedTargets in " + region + ": more than 10000 pages", 0, "");
}

std::vector<ExperimentSummary> list_experiments(AwsClient& client, const std::string& region) {
  std::vector<ExperimentSummary> experiments;
  std::string token;
  // FIS pages by nextToken; a bound on pages keeps a misbehaving endpoint from looping forever.
  for (int page = 0; page < 10000; ++page) {
    std::map<std::string, std::string> query{{"maxResults", "100"}};
    if (!token.empty())
      query["nextToken"] = token;
    const auto answer = parse_answer(client.call("GET", "fis", region, "/experiments", query), "ListExperiments");
    if (answer.contains("experiments") && answer["experiments"].is_array())
      for (const auto& item : answer["experiments"]) {
        if (!item.is_object() || !item.contains("id") || !item["id"].is_string())
          continue;
        ExperimentSummary summary;
        summary.id = item["id"].get<std::string>();
        if (item.contains("experimentTemplateId") && item["experimentTemplateId"].is_string())
          summary.template_id = item["experimentTemplateId"].get<std::string>();
        summary.status = status_of(item);
        if (item.contains("tags") && item["tags"].is_object())
          for (const auto& [key, value] : item["tags"].items())
            if (value.is_string())
              summary.tags[key] = value.get<std::string>();
        experiments.push_back(std::move(summary));
      }
    if (!answer.contains("nextToken") || !answer["nextToken"].is_string() ||
        answer["nextToken"].get<std::string>().empty())
      return experiments;
    token = answer["nextToken"].get<std::string>();
  }
  throw AwsError("ListExperiments in " + region + ": more than 10000 pages", 0, "");
}

std::string experiment_status(AwsClient& client, const std::string& region, const std::string& id) {
  return status_of(get_experiment(client, region, id));
}

std::string stop_experiment(AwsClient& client, const std::string& region, const std::string& id) {
  const auto answer = parse_answer(client.call("DELETE", "fis", region, "/experiments/" + id), "StopExperiment");
  return answer.contains("experiment") ? status_of(answer["experiment"]) : "";
}

std::vector<StoppedExperiment> stop_drsim_experiments(AwsClient& client, const std::vector<std::string>& regions,
                                                      const std::string& run_id, int polls,
                                                      const std::function<void()>& pause) {
  std::vector<StoppedExperiment> stopped;
  for (const auto& region : regions)
    for (const auto& experiment : list_experiments(client, region)) {
      const auto tag = experiment.tags.find("drsim:run-id");
      if (tag == experiment.tags.end() || (!run_id.empty() && tag->second != run_id) ||
          !active_status(experiment.status) || experiment.status == "stopping")
        continue;
      stopped.push_back({region, experiment.id, tag->second, stop_experiment(client, region, experiment.id)});
    }
  for (int poll = 0; poll < polls; ++poll) {
    bool waiting = false;
    for (auto& experiment : stopped)
      if (active_status(experiment.status)) {
        experiment.status = experiment_status(client, experiment.region, experiment.id);
        waiting = waiting || active_status(experiment.status);
      }
    if (!waiting)
      break;
    pause();
  }
  return stopped;
}

} // namespace drsim::fis
