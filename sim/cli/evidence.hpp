// A command's evidence (sim/measure/evidence.hpp): the hashes of its input files and of the scenario it drilled,
// drsim's version and build, its settings and the time it ran.
#pragma once

#include <cstdint>
#include <ctime>
#include <optional>
#include <string>

#include "sim/core/scenario.hpp"
#include "sim/measure/evidence.hpp"

namespace drsim {

// SOURCE_DATE_EPOCH's time when it is set; throws UsageError when it is not a number of seconds from 1970 to the end
// of year 9999 (the reproducible-builds specification asks a malformed value to fail, not to be ignored).
std::optional<std::time_t> source_date_epoch();

// Now, UTC to the second ("2026-11-30T14:12:04Z"): SOURCE_DATE_EPOCH's time when it is set (reproducible builds'
// convention, which the tests use so that two runs print the same bytes), the clock's otherwise. Throws UsageError
// when SOURCE_DATE_EPOCH is not a number of seconds.
std::string recorded_at();

// The evidence of `command` run on `scenario`: the scenario file and its topology file (when it names one) with
// their SHA-256, the SHA-256 of the scenario resolved (Scenario::resolved, keys sorted, no spaces), and now.
Evidence gather_evidence(const Scenario& scenario, std::string command, std::uint64_t seed, int runs,
                         EvidenceSettings settings = {});

// The SHA-256 of a file's bytes; empty when it cannot be read.
std::string file_sha256(const std::string& path);

} // namespace drsim
