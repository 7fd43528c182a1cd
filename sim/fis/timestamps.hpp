// The AWS adapter's timestamps: ISO 8601 as AWS writes it (FIS and CloudWatch in UTC, STS's Expiration) and as
// `aws configure export-credentials` writes AWS_CREDENTIAL_EXPIRATION (UTC or with an offset), and the UTC form the
// journal writes.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace drsim::fis {

// "YYYY-MM-DDTHH:MM:SS" with optional fractional seconds, then "Z" or an offset "+HH:MM" / "-HH:MM", in seconds
// since the Unix epoch; nullopt when the text is not of that form.
std::optional<double> iso8601_epoch_seconds(const std::string& text);

// A timestamp as AWS answers it, seconds since the Unix epoch or ISO 8601, in seconds; nullopt when it is neither.
std::optional<double> epoch_seconds(const nlohmann::json& timestamp);

// "YYYY-MM-DDTHH:MM:SS.mmmZ".
std::string utc_iso8601(double epoch_s);

} // namespace drsim::fis
