// What `drsim fis run` checks before it changes anything in AWS. Each guardrail refuses with its own message and
// exit code, and all of them are passed before the first request that creates, starts or deletes anything; only
// the account's needs a request (STS GetCallerIdentity, which changes nothing).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "sim/fis/aws_client.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/fis/plan.hpp"

namespace drsim::fis {

enum class Guardrail {
  Confirm,          //!< --confirm must be the hash of the plan as it is now
  StopCondition,    //!< every template stops on a CloudWatch alarm, unless --allow-no-stop-condition
  Duration,         //!< the longest experiment fits in --max-duration
  Account,          //!< the caller's account is allowed, and is the account of every region of the plan
  CredentialExpiry, //!< credentials that cannot be renewed outlast the run and its stop
};

// "confirm", "stop-condition", "duration", "account", "credential-expiry", as the journal names them.
std::string_view guardrail_name(Guardrail guardrail);
// The exit code of a refusal by this guardrail: 13, 11, 12, 10 and 14.
int refusal_exit_code(Guardrail guardrail);

struct Refusal {
  Guardrail guardrail = Guardrail::Confirm;
  std::string message;
};

struct GuardrailOptions {
  std::string confirm; //!< the plan hash the user confirmed; empty: none given
  double max_duration_s = 0;
  bool allow_no_stop_condition = false;
};

// The guardrails that need no request, in the order they are checked: confirm, stop-condition, duration.
std::optional<Refusal> check_plan(const Plan& plan, const GuardrailOptions& options);

// The credential-expiry guardrail: credentials that expire and cannot be renewed (the environment's, with
// AWS_CREDENTIAL_EXPIRATION) must last from `now_epoch_s` through `needed_s` (the longest the run may last and its
// stop wait), or the StopExperiment of a signal or a timeout would be refused.
std::optional<Refusal> check_credential_expiry(const Credentials& credentials, double now_epoch_s, double needed_s);

// The account guardrail, given the account the credentials belong to.
std::optional<Refusal> check_account(const Plan& plan, const Bindings& bindings, const std::string& caller_account);

// The account of the credentials (STS GetCallerIdentity in `region`). Throws AwsError when STS refuses or its
// answer names no account.
std::string caller_account(AwsClient& client, const std::string& region);

// The account in an answer of GetCallerIdentity: STS answers XML, or JSON when asked for it; empty when neither
// names one.
std::string account_in_identity(const std::string& answer);

} // namespace drsim::fis
