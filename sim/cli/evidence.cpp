#include "sim/cli/evidence.hpp"

#include <cerrno>
#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "sim/core/errors.hpp"
#include "sim/core/sha256.hpp"
#include "sim/core/version.hpp"
#include "sim/input/json_parse.hpp"

namespace drsim {

std::optional<std::time_t> source_date_epoch() {
  const char* epoch = std::getenv("SOURCE_DATE_EPOCH");
  if (epoch == nullptr || *epoch == '\0')
    return std::nullopt;
  // The last second of year 9999: dates are written with four-digit years.
  constexpr long long latest = 253402300799;
  char* end = nullptr;
  errno = 0;
  const long long seconds = std::strtoll(epoch, &end, 10);
  if (*end != '\0' || errno == ERANGE || seconds < 0 || seconds > latest)
    throw UsageError("SOURCE_DATE_EPOCH: expected seconds since 1970, from 0 to " + std::to_string(latest) + ", not '" +
                     std::string(epoch) + "'");
  return static_cast<std::time_t>(seconds);
}

std::string recorded_at() {
  const std::time_t now = source_date_epoch().value_or(std::time(nullptr));
  std::tm utc{};
  gmtime_r(&now, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                     utc.tm_hour, utc.tm_min, utc.tm_sec);
}

std::string file_sha256(const std::string& path) {
  std::vector<Diagnostic> unreadable;
  const auto bytes = read_text_file(path, unreadable);
  return bytes ? sha256_hex(*bytes) : "";
}

namespace {

// The hash of the bytes read, when the scenario was read from files; a scenario made in memory has none.
std::string recorded_or_now(const std::string& recorded, const std::string& path) {
  return recorded.empty() ? file_sha256(path) : recorded;
}

} // namespace

Evidence gather_evidence(const Scenario& scenario, std::string command, std::uint64_t seed, int runs,
                         EvidenceSettings settings) {
  Evidence evidence{.drsim_version = version,
                    .build_type = build_type,
                    .command = std::move(command),
                    .inputs = {{"scenario", scenario.file, recorded_or_now(scenario.file_sha256, scenario.file)}},
                    .resolved_sha256 = sha256_hex(scenario.resolved.dump()),
                    .seed = seed,
                    .runs = runs,
                    .settings = std::move(settings),
                    .ran_at = recorded_at()};
  evidence.settings.set = scenario.settings;
  if (!scenario.topology_file.empty())
    evidence.inputs.push_back(
        {"topology", scenario.topology_file, recorded_or_now(scenario.topology_file_sha256, scenario.topology_file)});
  return evidence;
}

} // namespace drsim
