// The history of checks in an SQLite file: `drsim check --history FILE` appends every objective it judged, with
// the check's identity (CheckIdentity); `drsim history FILE` reads them back. Several CI jobs may append to one file:
// each append is one transaction, and a writer waits up to five seconds for another to finish.
//
// Tables (PRAGMA user_version 1): checks(id, recorded_at, scenario, scenario_sha256, drsim_version, commit_id, runs,
// seed) and objectives(check_id, strategy, objective, metric, stat, target, observed, verdict), names as in the
// JSON report. A file that is not SQLite, or SQLite that is not a drsim history, is refused with InputError.
#pragma once

#include <string>
#include <vector>

#include "sim/measure/history_entry.hpp"
#include "sim/measure/report.hpp"

namespace drsim {

// Appends the objectives `report` judged; creates the file and its tables when the file does not exist.
void append_to_history(const std::string& file, const CheckIdentity& identity, const Report& report);

// Every entry, oldest check first, then by strategy and objective as the report listed them.
std::vector<HistoryEntry> read_history(const std::string& file);

} // namespace drsim
