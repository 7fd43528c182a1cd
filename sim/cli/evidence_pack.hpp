// `drsim check --evidence DIR`: what a check showed, in a directory to attach to an audit or a change ticket. Per
// scenario (a folder named after its file): the JSON and HTML reports, the verdicts as text and JUnit, and copies of
// the input files; at the top a README.md that says what was tested, when, against which objectives and how to
// reproduce it, and MANIFEST.sha256 with the sum of every other file (`sha256sum -c MANIFEST.sha256` verifies it).
#pragma once

#include <string>
#include <vector>

#include "sim/measure/objectives.hpp"

namespace drsim {

// Throws UsageError naming --evidence when `directory` exists and is not an empty directory: a pack never mixes
// with other files, nor replaces them.
void refuse_used_directory(const std::string& directory);

// Writes the pack of `checks` (each report with its evidence) into a new temporary directory beside `directory`,
// then renames it to `directory`, so that a reader never sees half a pack. Throws UsageError when it cannot, or
// when an input file changed since the check read it.
void write_evidence_pack(const std::string& directory, const std::vector<ScenarioCheck>& checks);

} // namespace drsim
