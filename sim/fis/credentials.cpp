#include "sim/fis/credentials.hpp"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/fis/aws_client.hpp"
#include "sim/fis/timestamps.hpp"
#include "sim/fis/xml_text.hpp"

namespace drsim::fis {
namespace {

using Sections = std::map<std::string, std::map<std::string, std::string>>;

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos)
    return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

// The sections of an AWS shared file (INI: [section], key = value, comments after # or ; at a line's start).
Sections read_ini(const std::string& path) {
  Sections sections;
  std::ifstream in(path);
  std::string line;
  std::string section;
  while (std::getline(in, line)) {
    line = trim(line);
    if (line.empty() || line[0] == '#' || line[0] == ';')
      continue;
    if (line.front() == '[' && line.back() == ']') {
      section = trim(line.substr(1, line.size() - 2));
      sections[section];
      continue;
    }
    const auto equals = line.find('=');
    if (equals != std::string::npos && !section.empty())
      sections[section][trim(line.substr(0, equals))] = trim(line.substr(equals + 1));
  }
  return sections;
}

std::optional<std::string> value_of(const Sections& sections, const std::string& section, const std::string& key) {
  const auto found = sections.find(section);
  if (found == sections.end())
    return std::nullopt;
  const auto value = found->second.find(key);
  if (value == found->second.end() || value->second.empty())
    return std::nullopt;
  return value->second;
}

} // namespace

Environment process_environment() {
  return [](const std::string& name) -> std::optional<std::string> {
    const char* value = std::getenv(name.c_str());
    if (value == nullptr || *value == '\0')
      return std::nullopt;
    return std::string(value);
  };
}

namespace {

// The shared files of the chain and where they are, for messages.
struct SharedFiles {
  std::string config_path;
  std::string credentials_path;
  Sections config;
  Sections credentials;
};

std::string config_section_of(const std::string& profile) {
  return profile == "default" ? profile : "profile " + profile;
}

std::optional<std::string> config_value(const SharedFiles& files, const std::string& profile, const std::string& key) {
  return value_of(files.config, config_section_of(profile), key);
}

// A profile's long-term or session keys, from the credentials file first, then its config section (the AWS CLI
// reads both); nullopt when neither has both halves.
std::optional<Credentials> static_keys(const SharedFiles& files, const std::string& profile) {
  for (const auto& [sections, section] :
       {std::pair(&files.credentials, profile), std::pair(&files.config, config_section_of(profile))}) {
    const auto key = value_of(*sections, section, "aws_access_key_id");
    const auto secret = value_of(*sections, section, "aws_secret_access_key");
    if (key && secret)
      return Credentials{*key,
                         *secret,
                         value_of(*sections, section, "aws_session_token").value_or(""),
                         "",
                         "profile " + profile,
                         std::nullopt,
                         {}};
  }
  return std::nullopt;
}

std::string role_session_name(const SharedFiles& files, const std::string& profile) {
  if (const auto name = config_value(files, profile, "role_session_name"))
    return *name;
  return "drsim-" + std::to_string(std::time(nullptr));
}

// STS AssumeRole's DurationSeconds bounds: 15 minutes to the role's maximum session, at most 12 hours.
constexpr int shortest_role_session_s = 900;
constexpr int longest_role_session_s = 43200;

Credentials assume_role(const SharedFiles& files, const std::string& profile, const Credentials& source,
                        const std::string& region, const ClientOptions& sts_options) {
  const std::string where = "credentials: profile '" + profile + "' in " + files.config_path;
  std::map<std::string, std::string> query{{"Action", "AssumeRole"},
                                           {"Version", "2011-06-15"},
                                           {"RoleArn", *config_value(files, profile, "role_arn")},
                                           {"RoleSessionName", role_session_name(files, profile)}};
  if (const auto external_id = config_value(files, profile, "external_id"))
    query["ExternalId"] = *external_id;
  if (const auto duration = config_value(files, profile, "duration_seconds")) {
    int seconds = 0;
    const auto [end, error] = std::from_chars(duration->data(), duration->data() + duration->size(), seconds);
    if (error != std::errc{} || end != duration->data() + duration->size() || seconds < shortest_role_session_s ||
        seconds > longest_role_session_s)
      throw UsageError(where + ": duration_seconds '" + *duration + "' must be a whole number of seconds from " +
                       std::to_string(shortest_role_session_s) + " to " + std::to_string(longest_role_session_s));
    query["DurationSeconds"] = *duration;
  }
  AwsClient client(source, sts_options);
  HttpResponse response;
  try {
    response = client.call("GET", "sts", region, "/", query);
  } catch (const AwsError& e) {
    throw AwsError(where + ": AssumeRole of " + query["RoleArn"] + " with the credentials of " + source.source +
                       " failed: " + e.what(),
                   e.status(), e.error_type());
  }
  auto assumed = assumed_role_credentials(response.body);
  if (!assumed)
    throw AwsError(where + ": STS answered AssumeRole of " + query["RoleArn"] + " without credentials", response.status,
                   "");
  assumed->source = "profile " + profile + " (role " + query["RoleArn"] + ")";
  return *assumed;
}

// The credentials of `profile`: its keys, or the role it assumes with its source profile's credentials.
// `chain` holds the profiles that led here, to refuse a loop.
Credentials profile_credentials(const SharedFiles& files, const std::string& profile, const std::string& region,
                                const ClientOptions& sts_options, std::vector<std::string> chain) {
  const std::string where = "credentials: profile '" + profile + "' in " + files.config_path;
  chain.push_back(profile);
  if (!config_value(files, profile, "role_arn")) {
    if (auto keys = static_keys(files, profile))
      return *keys;
    throw UsageError(
        chain.size() == 1
            ? "credentials: none found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for "
              "temporary ones), or give profile '" +
                  profile + "' aws_access_key_id and aws_secret_access_key in " + files.credentials_path
            : "credentials: profile '" + chain[chain.size() - 2] + "' in " + files.config_path +
                  " takes its credentials from source_profile '" + profile + "', which has none: give it " +
                  "aws_access_key_id and aws_secret_access_key in " + files.credentials_path + ", or a role_arn");
  }
  if (config_value(files, profile, "mfa_serial"))
    throw UsageError(where + ": the role asks for an MFA code (mfa_serial), which drsim cannot prompt for: assume "
                             "it first (aws sts assume-role or aws configure export-credentials) and export "
                             "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN");
  const auto source_profile = config_value(files, profile, "source_profile");
  if (!source_profile)
    throw UsageError(
        where + ": role_arn without source_profile" +
        (config_value(files, profile, "credential_source") ? " (credential_source is not supported)" : "") +
        ": name the profile whose credentials assume the role with source_profile = NAME");
  Credentials source;
  if (*source_profile == profile) {
    // A profile may assume its role with its own keys (the AWS CLI allows it).
    auto keys = static_keys(files, profile);
    if (!keys)
      throw UsageError(where + ": source_profile names the profile itself, which has no aws_access_key_id and " +
                       "aws_secret_access_key in " + files.credentials_path);
    source = *keys;
  } else if (std::find(chain.begin(), chain.end(), *source_profile) != chain.end()) {
    std::string loop;
    for (const auto& link : chain)
      loop += link + " -> ";
    throw UsageError(where + ": source_profile makes a loop (" + loop + *source_profile +
                     "): end the chain at a profile with aws_access_key_id and aws_secret_access_key");
  } else if (files.config.count(config_section_of(*source_profile)) == 0 &&
             files.credentials.count(*source_profile) == 0) {
    throw UsageError(where + ": source_profile '" + *source_profile + "' is in neither " + files.config_path + " nor " +
                     files.credentials_path);
  } else {
    source = profile_credentials(files, *source_profile, region, sts_options, chain);
  }
  return assume_role(files, profile, source, region, sts_options);
}

std::optional<Credentials> credentials_in(const nlohmann::json& node) {
  if (!node.is_object())
    return std::nullopt;
  if (node.contains("AccessKeyId") && node.contains("SecretAccessKey") && node.contains("SessionToken") &&
      node["AccessKeyId"].is_string() && node["SecretAccessKey"].is_string() && node["SessionToken"].is_string())
    return Credentials{node["AccessKeyId"].get<std::string>(),
                       node["SecretAccessKey"].get<std::string>(),
                       node["SessionToken"].get<std::string>(),
                       "",
                       "",
                       node.contains("Expiration") ? epoch_seconds(node["Expiration"]) : std::nullopt,
                       {}};
  for (const auto& [key, value] : node.items())
    if (auto found = credentials_in(value))
      return found;
  return std::nullopt;
}

} // namespace

std::optional<Credentials> assumed_role_credentials(const std::string& answer) {
  const auto document = nlohmann::json::parse(answer, nullptr, false);
  if (!document.is_discarded())
    return credentials_in(document);
  const auto key = xml_text(answer, "AccessKeyId");
  const auto secret = xml_text(answer, "SecretAccessKey");
  const auto token = xml_text(answer, "SessionToken");
  if (!key || !secret || !token || key->empty() || secret->empty() || token->empty())
    return std::nullopt;
  const auto expiration = xml_text(answer, "Expiration");
  return Credentials{*key, *secret, *token, "", "", expiration ? iso8601_epoch_seconds(*expiration) : std::nullopt, {}};
}

Credentials load_credentials(const Environment& environment, const ClientOptions& sts_options) {
  const auto home = environment("HOME").value_or("");
  SharedFiles files;
  files.config_path = environment("AWS_CONFIG_FILE").value_or(home + "/.aws/config");
  files.credentials_path = environment("AWS_SHARED_CREDENTIALS_FILE").value_or(home + "/.aws/credentials");
  files.config = read_ini(files.config_path);
  files.credentials = read_ini(files.credentials_path);
  const auto profile = environment("AWS_PROFILE").value_or("default");
  const std::string region =
      environment("AWS_REGION")
          .value_or(environment("AWS_DEFAULT_REGION").value_or(config_value(files, profile, "region").value_or("")));

  const auto key = environment("AWS_ACCESS_KEY_ID");
  const auto secret = environment("AWS_SECRET_ACCESS_KEY");
  if (key || secret) {
    if (!key || !secret)
      throw UsageError("credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
    return {*key, *secret, environment("AWS_SESSION_TOKEN").value_or(""), region, "environment", std::nullopt, {}};
  }
  // STS answers in every commercial region; a role profile without a region asks us-east-1, as the AWS CLI's
  // global endpoint does.
  const std::string sts_region = region.empty() ? "us-east-1" : region;
  auto credentials = profile_credentials(files, profile, sts_region, sts_options, {});
  credentials.region = region;
  // The whole chain is assumed again: the source profile's role session may have expired as well.
  if (config_value(files, profile, "role_arn"))
    credentials.renew = [files, profile, region, sts_region, sts_options] {
      auto fresh = profile_credentials(files, profile, sts_region, sts_options, {});
      fresh.region = region;
      return fresh;
    };
  return credentials;
}

std::optional<double> environment_expiration(const Environment& environment) {
  const auto text = environment("AWS_CREDENTIAL_EXPIRATION");
  if (!text)
    return std::nullopt;
  const auto epoch_s = iso8601_epoch_seconds(*text);
  if (!epoch_s)
    throw UsageError("credentials: AWS_CREDENTIAL_EXPIRATION '" + *text +
                     "' is not an ISO 8601 time: expected YYYY-MM-DDTHH:MM:SSZ or with an offset, e.g. "
                     "2026-12-02T10:00:00Z or 2026-12-02T11:00:00+01:00");
  return epoch_s;
}

std::string redacted_key_id(const std::string& access_key_id) {
  if (access_key_id.size() <= 4)
    return std::string(access_key_id.size(), '*');
  return std::string(access_key_id.size() - 4, '*') + access_key_id.substr(access_key_id.size() - 4);
}

} // namespace drsim::fis
