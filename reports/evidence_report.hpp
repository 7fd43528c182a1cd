// A report's evidence (sim/measure/evidence.hpp) in every format that has room for it: an object of the JSON report,
// a footer of the text and Markdown reports within 80 columns, a section of the HTML page and properties of JUnit.
#pragma once

#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/measure/evidence.hpp"

namespace drsim {

// The JSON report's "evidence" (README, "Evidence for audits").
nlohmann::ordered_json evidence_json(const Evidence& evidence);

// "compare, seed 42, 40 runs, precision 5 %": the command and the settings that decide its figures.
std::string evidence_settings_text(const Evidence& evidence);

void write_evidence_text(std::ostream& out, const Evidence& evidence);
void write_evidence_markdown(std::ostream& out, const Evidence& evidence);
void write_evidence_html(std::ostream& out, const Evidence& evidence);
// <property> elements, each on its own line after `indent`.
void write_evidence_junit_properties(std::ostream& out, const Evidence& evidence, const std::string& indent);

} // namespace drsim
