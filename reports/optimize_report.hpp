// `drsim optimize` in text, JSON, Markdown and HTML: the recommended configuration as a scenario patch (the `--set`
// arguments of the `drsim check` that confirms it, and a JSON object of path to value), its figures with their 95 %
// intervals and each objective's margin, the Pareto front of monthly cost against RTO p95 and RPO p95 (a table, and in
// HTML a chart), every candidate searched and the drills each phase spent. The JSON carries the evidence (inputs'
// hashes, version, date); `drsim reproduce` reruns the reports of run, compare and check, not a search, so the text and
// HTML do not offer it.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/measure/optimization.hpp"

namespace drsim {

// The pieces of the command that confirms a candidate: "drsim check FILE", "--runs N", "--set PATH=VALUE"...; the
// same runs and the scenario's seed give the same drills, so the same verdicts.
std::vector<std::string> check_command_pieces(const OptimizeReport& report, const Candidate& candidate);
// The same on one line.
std::string check_command(const OptimizeReport& report, const Candidate& candidate);
// The candidate's settings as a JSON object of path to value.
nlohmann::ordered_json settings_patch(const OptimizeReport& report, const Candidate& candidate);

void write_optimize_text(std::ostream& out, const OptimizeReport& report);
nlohmann::ordered_json optimize_to_json(const OptimizeReport& report);
void write_optimize_json(std::ostream& out, const OptimizeReport& report);
void write_optimize_markdown(std::ostream& out, const OptimizeReport& report);
void write_optimize_html(std::ostream& out, const OptimizeReport& report);

} // namespace drsim
