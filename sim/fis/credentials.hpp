// AWS credentials and region from the standard chain: the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
// AWS_SESSION_TOKEN, AWS_REGION / AWS_DEFAULT_REGION), then the profile (AWS_PROFILE, else "default") of the shared
// files (~/.aws/credentials and ~/.aws/config, or AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE). A profile whose
// config section names a role_arn and a source_profile gets temporary credentials from STS AssumeRole, signed with
// the source profile's credentials (themselves a role's when the source profile assumes one: roles chain), as the
// AWS CLI does; what needs a person or another provider (mfa_serial, credential_source) is refused with what to do
// instead. Secrets never appear in messages. An assumed role's credentials expire (STS's Expiration) and carry how to
// assume it again, so that a run outlasting them renews them (aws_client.hpp).
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace drsim::fis {

struct ClientOptions;

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;             //!< temporary credentials only
  std::string region;                    //!< from the environment or the profile's config; may be empty
  std::string source;                    //!< where they came from, for messages: "environment", "profile default"
  std::optional<double> expires_epoch_s; //!< when they expire, in seconds since the Unix epoch; nullopt: not known
  std::function<Credentials()> renew;    //!< fresh ones from where these came (a new AssumeRole); empty: none
};

// Looks a variable up; nullopt when it is not set.
using Environment = std::function<std::optional<std::string>(const std::string& name)>;

// The process's environment.
Environment process_environment();

// The credentials of the chain; a role is assumed through STS with `sts_options` (its endpoint, timeouts, journal).
// Throws UsageError saying what is missing or unsupported, naming the profile and its file, and AwsError when STS
// refuses the role.
Credentials load_credentials(const Environment& environment, const ClientOptions& sts_options);

// The access key id with all but its last 4 characters hidden, for messages and journals.
std::string redacted_key_id(const std::string& access_key_id);

// When the environment's credentials expire: AWS_CREDENTIAL_EXPIRATION (ISO 8601, as `aws configure
// export-credentials` writes it); nullopt when it is not set. Throws UsageError naming the variable and the form
// expected when it is malformed.
std::optional<double> environment_expiration(const Environment& environment);

// The temporary credentials of an STS AssumeRole answer, in its XML or its JSON form, with their Expiration when
// the answer has one; nullopt if it has none.
std::optional<Credentials> assumed_role_credentials(const std::string& answer);

} // namespace drsim::fis
