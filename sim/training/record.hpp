// The record of a training session: the scenario, strategy and seed, and every command with the drill time at which
// it took effect. `drsim train --replay RECORD` applies the same commands at the same times to the same drill, which
// gives the same debrief, byte for byte, without a wall clock.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "sim/core/topology.hpp"
#include "sim/training/script.hpp"
#include "sim/training/session.hpp"

namespace drsim {

struct SessionRecord {
  std::string scenario_file; //!< relative to the record's folder (absolute in a record written to stdout)
  std::string scenario_sha256;
  std::string strategy;
  std::uint64_t seed = 0;
  int runs = 0; //!< the automated runbook's drills in the debrief
  std::vector<RecordedCommand> commands;
};

void write_record(std::ostream& out, const SessionRecord& record);
// Throws InputError naming `file` and the JSON Pointer of what is wrong.
SessionRecord read_record(const std::string& text, const std::string& file);
// The record's commands as a script, each at its time; throws InputError when one no longer fits the topology.
std::vector<ScriptEntry> record_script(const SessionRecord& record, const std::string& file, const Strategy& strategy);

} // namespace drsim
