#include "sim/fis/credentials.hpp"

#include <cstdlib>
#include <fstream>
#include <map>

#include "sim/core/errors.hpp"

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

Credentials load_credentials(const Environment& environment) {
  Credentials credentials;
  const auto home = environment("HOME").value_or("");
  const auto config_path = environment("AWS_CONFIG_FILE").value_or(home + "/.aws/config");
  const auto credentials_path = environment("AWS_SHARED_CREDENTIALS_FILE").value_or(home + "/.aws/credentials");
  const auto profile = environment("AWS_PROFILE").value_or("default");
  const Sections config = read_ini(config_path);
  const std::string config_section = profile == "default" ? profile : "profile " + profile;

  credentials.region =
      environment("AWS_REGION")
          .value_or(
              environment("AWS_DEFAULT_REGION").value_or(value_of(config, config_section, "region").value_or("")));
  const auto key = environment("AWS_ACCESS_KEY_ID");
  const auto secret = environment("AWS_SECRET_ACCESS_KEY");
  if (key || secret) {
    if (!key || !secret)
      throw UsageError("credentials: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
    credentials.access_key_id = *key;
    credentials.secret_access_key = *secret;
    credentials.session_token = environment("AWS_SESSION_TOKEN").value_or("");
    credentials.source = "environment";
    return credentials;
  }
  if (value_of(config, config_section, "role_arn"))
    throw UsageError("credentials: profile '" + profile +
                     "' assumes a role (role_arn), which this drsim does not do: "
                     "assume it first (aws sts assume-role or aws configure export-credentials) and export "
                     "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN");
  const Sections shared = read_ini(credentials_path);
  const auto file_key = value_of(shared, profile, "aws_access_key_id");
  const auto file_secret = value_of(shared, profile, "aws_secret_access_key");
  if (!file_key || !file_secret)
    throw UsageError("credentials: none found; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN "
                     "for temporary ones), or give profile '" +
                     profile +
                     "' aws_access_key_id and "
                     "aws_secret_access_key in " +
                     credentials_path);
  credentials.access_key_id = *file_key;
  credentials.secret_access_key = *file_secret;
  credentials.session_token = value_of(shared, profile, "aws_session_token").value_or("");
  credentials.source = "profile " + profile;
  return credentials;
}

std::string redacted_key_id(const std::string& access_key_id) {
  if (access_key_id.size() <= 4)
    return std::string(access_key_id.size(), '*');
  return std::string(access_key_id.size() - 4, '*') + access_key_id.substr(access_key_id.size() - 4);
}

} // namespace drsim::fis
