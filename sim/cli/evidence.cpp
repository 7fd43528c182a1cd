#include "sim/cli/evidence.hpp"

#include <cstdlib>
#include <ctime>

#include <fmt/format.h>

#include "sim/core/errors.hpp"
#include "sim/core/sha256.hpp"
#include "sim/core/version.hpp"
#include "sim/input/json_parse.hpp"

namespace drsim {

std::string recorded_at() {
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    char* end = nullptr;
    const long long seconds = std::strtoll(epoch, &end, 10);
    if (*end != '\0' || seconds < 0)
      throw UsageError("SOURCE_DATE_EPOCH: expected seconds since 1970, not '" + std::string(epoch) + "'");
    now = static_cast<std::time_t>(seconds);
  }
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

Evidence gather_evidence(const Scenario& scenario, std::string command, std::uint64_t seed, int runs,
                         EvidenceSettings settings) {
  Evidence evidence{.drsim_version = version,
                    .build_type = build_type,
                    .command = std::move(command),
                    .inputs = {{"scenario", scenario.file, file_sha256(scenario.file)}},
                    .resolved_sha256 = sha256_hex(scenario.resolved.dump()),
                    .seed = seed,
                    .runs = runs,
                    .settings = std::move(settings),
                    .ran_at = recorded_at()};
  if (!scenario.topology_file.empty())
    evidence.inputs.push_back({"topology", scenario.topology_file, file_sha256(scenario.topology_file)});
  return evidence;
}

} // namespace drsim
