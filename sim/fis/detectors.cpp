#include "sim/fis/detectors.hpp"

#include <chrono>
#include <regex>

#include <nlohmann/json.hpp>

#include "sim/fis/run.hpp"
#include "sim/fis/xml_text.hpp"

namespace drsim::fis {
namespace {

using nlohmann::json;

// Route 53 counts a health check healthy when more than this share of its checkers report it healthy (Route 53
// Developer Guide, "How Amazon Route 53 determines whether a health check is healthy").
constexpr double healthy_share = 0.18;

// DescribeAlarms takes at most 100 names per request (API reference: AlarmNames).
constexpr std::size_t names_per_request = 100;

void alarms_in(const json& node, std::vector<AlarmState>& alarms) {
  if (node.is_array()) {
    for (const auto& element : node)
      alarms_in(element, alarms);
    return;
  }
  if (!node.is_object())
    return;
  if (node.contains("AlarmName") && node["AlarmName"].is_string() && node.contains("StateValue") &&
      node["StateValue"].is_string()) {
    AlarmState alarm{node["AlarmName"].get<std::string>(), node["StateValue"].get<std::string>(), "", std::nullopt};
    if (node.contains("StateReason") && node["StateReason"].is_string())
      alarm.reason = node["StateReason"].get<std::string>();
    if (node.contains("StateUpdatedTimestamp"))
      alarm.updated_epoch_s = epoch_seconds(node["StateUpdatedTimestamp"]);
    alarms.push_back(std::move(alarm));
    return;
  }
  for (const auto& [key, value] : node.items())
    alarms_in(value, alarms);
}

} // namespace

bool HealthCheckState::healthy() const {
  return checkers > 0 && static_cast<double>(healthy_checkers) > healthy_share * static_cast<double>(checkers);
}

std::vector<AlarmState> alarm_states(const std::string& answer) {
  std::vector<AlarmState> alarms;
  if (const auto document = json::parse(answer, nullptr, false); !document.is_discarded()) {
    alarms_in(document, alarms);
    return alarms;
  }
  // Each alarm's fields follow its AlarmName, before the next alarm's.
  const std::string open = "<AlarmName>";
  for (auto at = answer.find(open); at != std::string::npos;) {
    const auto next = answer.find(open, at + open.size());
    const auto end = next == std::string::npos ? answer.size() : next;
    const auto text = [&](const char* element) { return xml_text(answer, element, at, end).value_or(""); };
    AlarmState alarm{text("AlarmName"), text("StateValue"), text("StateReason"), std::nullopt};
    if (const auto updated = text("StateUpdatedTimestamp"); !updated.empty())
      alarm.updated_epoch_s = epoch_seconds(updated);
    if (!alarm.name.empty() && !alarm.state.empty())
      alarms.push_back(std::move(alarm));
    at = next;
  }
  return alarms;
}

HealthCheckState health_check_state(const std::string& answer) {
  HealthCheckState state;
  for (const auto status : xml_elements(answer, "Status")) {
    ++state.checkers;
    if (status.starts_with("Success"))
      ++state.healthy_checkers;
  }
  return state;
}

std::optional<std::pair<std::string, std::string>> alarm_of_arn(const std::string& arn) {
  static const std::regex pattern("arn:[a-z-]+:cloudwatch:([a-z0-9-]+):[0-9]{12}:alarm:(.+)");
  std::smatch match;
  if (!std::regex_match(arn, match, pattern))
    return std::nullopt;
  return std::pair(match[1].str(), match[2].str());
}

DetectorWatch::DetectorWatch(AwsClient& client, Journal& journal, const std::vector<std::string>& alarm_arns,
                             std::vector<std::string> health_checks, double interval_s)
    : client_(client), journal_(journal), health_checks_(std::move(health_checks)),
      periodic_("the alarms and health checks", interval_s) {
  for (const auto& arn : alarm_arns)
    if (const auto alarm = alarm_of_arn(arn))
      alarms_[alarm->first].push_back(alarm->second);
}

void DetectorWatch::start() {
  if (!alarms_.empty() || !health_checks_.empty())
    periodic_.start([this] { look(); });
}

// Each request is a look of its own: a stop waits for the one under way, not for the rest.
void DetectorWatch::look() {
  const auto failed = [this](const std::string& what, const AwsError& e) {
    journal_.write("error",
                   {{"detector", what}, {"message", e.what()}, {"status", e.status()}, {"error_type", e.error_type()}});
  };
  for (const auto& [region, names] : alarms_)
    for (std::size_t first = 0; first < names.size(); first += names_per_request) {
      if (periodic_.stopping())
        return;
      std::map<std::string, std::string> query{{"Action", "DescribeAlarms"}, {"Version", "2010-08-01"}};
      for (std::size_t i = first; i < std::min(names.size(), first + names_per_request); ++i)
        query["AlarmNames.member." + std::to_string(i - first + 1)] = names[i];
      try {
        for (const auto& alarm : alarm_states(client_.call("GET", "monitoring", region, "/", query).body)) {
          auto& seen = seen_["alarm " + region + " " + alarm.name];
          if (seen == alarm.state)
            continue;
          seen = alarm.state;
          json record{{"region", region}, {"alarm", alarm.name}, {"state", alarm.state}};
          if (!alarm.reason.empty())
            record["reason"] = alarm.reason;
          // CloudWatch's own time of the change, on the journal's clock: the alarm fired then, not when looked at.
          if (alarm.updated_epoch_s)
            record["changed_s"] = to_millisecond(*alarm.updated_epoch_s - journal_.opened_epoch_s());
          journal_.write("alarm", record);
        }
      } catch (const AwsError& e) {
        failed("alarms in " + region, e);
      }
    }
  for (const auto& id : health_checks_) {
    if (periodic_.stopping())
      return;
    try {
      const auto state = health_check_state(
          client_.call("GET", "route53", "us-east-1", "/2013-04-01/healthcheck/" + id + "/status").body);
      const std::string status = state.checkers == 0 ? "no data" : state.healthy() ? "healthy" : "unhealthy";
      auto& seen = seen_["health check " + id];
      if (seen == status)
        continue;
      seen = status;
      journal_.write("health_check", {{"health_check_id", id},
                                      {"status", status},
                                      {"checkers", state.checkers},
                                      {"healthy_checkers", state.healthy_checkers}});
    } catch (const AwsError& e) {
      failed("health check " + id, e);
    }
  }
}

} // namespace drsim::fis
