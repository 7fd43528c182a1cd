#include "sim/fis/guardrails.hpp"

#include <algorithm>
#include <regex>

#include <nlohmann/json.hpp>

#include "sim/core/units.hpp"
#include "sim/fis/timestamps.hpp"

namespace drsim::fis {
namespace {

std::string join(const std::vector<std::string>& words) {
  std::string text;
  for (const auto& word : words)
    text += (text.empty() ? "" : ", ") + word;
  return text;
}

// The first string member "Account" anywhere in a JSON document.
std::string find_account(const nlohmann::json& node) {
  if (node.is_object()) {
    if (node.contains("Account") && node["Account"].is_string())
      return node["Account"].get<std::string>();
    for (const auto& [key, value] : node.items())
      if (auto account = find_account(value); !account.empty())
        return account;
  }
  return "";
}

} // namespace

std::string_view guardrail_name(Guardrail guardrail) {
  switch (guardrail) {
  case Guardrail::Confirm:
    return "confirm";
  case Guardrail::StopCondition:
    return "stop-condition";
  case Guardrail::Duration:
    return "duration";
  case Guardrail::Account:
    return "account";
  case Guardrail::CredentialExpiry:
    return "credential-expiry";
  }
  return "unknown";
}

int refusal_exit_code(Guardrail guardrail) {
  switch (guardrail) {
  case Guardrail::Account:
    return 10;
  case Guardrail::StopCondition:
    return 11;
  case Guardrail::Duration:
    return 12;
  case Guardrail::Confirm:
    return 13;
  case Guardrail::CredentialExpiry:
    return 14;
  }
  return 13;
}

std::optional<Refusal> check_plan(const Plan& plan, const GuardrailOptions& options) {
  if (options.confirm.empty())
    return Refusal{Guardrail::Confirm, "fis run changes an AWS account: read the plan (drsim fis plan with the same "
                                       "scenario, bindings and strategy) and confirm it with --confirm PLAN_HASH"};
  if (options.confirm != plan.hash)
    return Refusal{Guardrail::Confirm,
                   "--confirm " + options.confirm +
                       " is not the hash of the plan as it is now: the scenario, the bindings or the strategy "
                       "changed since that plan was read, or it is another plan's. Read the plan again with drsim "
                       "fis plan and confirm its hash"};
  if (!options.allow_no_stop_condition) {
    std::vector<std::string> without;
    for (const auto& [region, body] : plan.templates) {
      const auto& stops = body["stopConditions"];
      if (std::none_of(stops.begin(), stops.end(),
                       [](const nlohmann::json& stop) { return stop["source"] == "aws:cloudwatch:alarm"; }))
        without.push_back(region);
    }
    if (!without.empty())
      return Refusal{Guardrail::StopCondition,
                     "the template of " + join(without) +
                         " has no stop condition: nothing would stop its experiment if the application failed more "
                         "than planned. Bind \"stop_condition_alarms\" there, or accept that with "
                         "--allow-no-stop-condition"};
  }
  if (plan.duration_s > options.max_duration_s)
    return Refusal{Guardrail::Duration, "the plan's longest experiment lasts " + format_duration(plan.duration_s) +
                                            ", longer than --max-duration " + format_duration(options.max_duration_s) +
                                            ": give a longer --max-duration if that is meant"};
  return std::nullopt;
}

std::optional<Refusal> check_credential_expiry(const Credentials& credentials, double now_epoch_s, double needed_s) {
  if (!credentials.expires_epoch_s || credentials.renew || *credentials.expires_epoch_s >= now_epoch_s + needed_s)
    return std::nullopt;
  const double left_s = *credentials.expires_epoch_s - now_epoch_s;
  return Refusal{Guardrail::CredentialExpiry,
                 "the credentials of the " + credentials.source + " expire at " +
                     utc_iso8601(*credentials.expires_epoch_s) + " (AWS_CREDENTIAL_EXPIRATION), " +
                     (left_s > 0 ? "in " + format_duration(left_s) : std::string("already")) +
                     ", before the run could end and stop its experiments (" + format_duration(needed_s) +
                     " with the stop wait): the StopExperiment would be refused. Export fresh credentials that last "
                     "longer, or use a profile that assumes a role (renewed as the run goes)"};
}

std::optional<Refusal> check_account(const Plan& plan, const Bindings& bindings, const std::string& caller_account) {
  const auto& allowed = bindings.allowed_accounts;
  if (std::find(allowed.begin(), allowed.end(), caller_account) == allowed.end())
    return Refusal{Guardrail::Account, "the credentials belong to account " + caller_account + ", which is not in " +
                                           bindings.file + "'s \"allowed_accounts\" (" + join(allowed) + ")"};
  std::vector<std::string> elsewhere;
  for (const auto& [region, body] : plan.templates)
    if (const auto& account = bindings.regions.at(region).account; account != caller_account)
      elsewhere.push_back(region + " (account " + account + ")");
  if (!elsewhere.empty())
    return Refusal{Guardrail::Account, "the credentials belong to account " + caller_account +
                                           ", but the bindings place " + join(elsewhere) +
                                           " in another: the experiments would be made in the wrong account"};
  return std::nullopt;
}

std::string account_in_identity(const std::string& answer) {
  const auto document = nlohmann::json::parse(answer, nullptr, false);
  if (!document.is_discarded())
    return find_account(document);
  std::smatch match;
  static const std::regex account("<Account>\\s*([0-9]{12})\\s*</Account>");
  return std::regex_search(answer, match, account) ? match[1].str() : "";
}

std::string caller_account(AwsClient& client, const std::string& region) {
  const auto response =
      client.call("GET", "sts", region, "/", {{"Action", "GetCallerIdentity"}, {"Version", "2011-06-15"}});
  auto account = account_in_identity(response.body);
  if (account.empty())
    throw AwsError("GetCallerIdentity in " + region + ": the answer names no account", response.status, "");
  return account;
}

} // namespace drsim::fis
