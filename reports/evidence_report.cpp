#include "reports/evidence_report.hpp"

#include <ostream>

#include <fmt/format.h>

#include "reports/plain_text.hpp"
#include "reports/svg/markup.hpp"

namespace drsim {
namespace {

template <typename T> nlohmann::ordered_json or_null(const std::optional<T>& value) {
  return value ? nlohmann::ordered_json(*value) : nlohmann::ordered_json(nullptr);
}

std::string runs_text(int runs) { return std::to_string(runs) + (runs == 1 ? " run" : " runs"); }

// "drsim 0.1.0 (Release), compare, seed 42, 40 runs, ran 2026-11-30T14:12:04Z".
std::string summary_line(const Evidence& evidence) {
  return "drsim " + evidence.drsim_version + " (" + evidence.build_type + "), " + evidence_settings_text(evidence) +
         ", ran " + evidence.ran_at;
}

// `drsim reproduce` reruns the reports of one scenario's drills; a sweep's points it does not.
bool reproducible(const Evidence& evidence) {
  return evidence.command == "run" || evidence.command == "compare" || evidence.command == "check";
}

} // namespace

nlohmann::ordered_json evidence_json(const Evidence& evidence) {
  auto inputs = nlohmann::ordered_json::array();
  for (const auto& input : evidence.inputs)
    inputs.push_back({{"role", input.role}, {"path", input.path}, {"sha256", input.sha256}});
  const auto& s = evidence.settings;
  nlohmann::ordered_json settings{
      {"strategy", or_null(s.strategy)}, {"precision_percent", or_null(s.precision_percent)},
      {"max_runs", or_null(s.max_runs)}, {"batch_runs", or_null(s.batch_runs)},
      {"keep_going", s.keep_going},      {"drill_timeout_s", or_null(s.drill_timeout_s)}};
  // Only when there are any, so that a report of the files as written keeps the bytes it always had.
  if (!s.set.empty())
    settings["set"] = s.set;
  return {{"drsim_version", evidence.drsim_version},
          {"build_type", evidence.build_type},
          {"command", evidence.command},
          {"inputs", std::move(inputs)},
          {"resolved_scenario_sha256", evidence.resolved_sha256},
          {"seed", evidence.seed},
          {"runs", evidence.runs},
          {"settings", std::move(settings)},
          {"ran_at", evidence.ran_at}};
}

std::string evidence_settings_text(const Evidence& evidence) {
  const auto& s = evidence.settings;
  std::string text = evidence.command + ", seed " + std::to_string(evidence.seed) + ", " + runs_text(evidence.runs);
  if (s.strategy)
    text += ", strategy " + *s.strategy;
  if (s.precision_percent)
    text += fmt::format(", precision {} % (first batch {}, at most {})", *s.precision_percent, s.batch_runs.value_or(0),
                        runs_text(s.max_runs.value_or(0)));
  if (s.keep_going)
    text += ", keep going";
  if (s.drill_timeout_s)
    text += fmt::format(", drill timeout {} s", *s.drill_timeout_s);
  for (const auto& setting : s.set)
    text += ", --set " + setting;
  return text;
}

void write_evidence_text(std::ostream& out, const Evidence& evidence) {
  out << (reproducible(evidence) ? "\nEvidence (`drsim reproduce` reruns the JSON report)\n" : "\nEvidence\n")
      << wrap("  " + summary_line(evidence), "  ");
  for (const auto& input : evidence.inputs)
    out << hanging("  " + input.role + " ", input.path) << "    sha256 " << input.sha256 << '\n';
  out << "  resolved scenario\n    sha256 " << evidence.resolved_sha256 << '\n';
}

void write_evidence_markdown(std::ostream& out, const Evidence& evidence) {
  out << "\n## Evidence\n\n" << wrap(summary_line(evidence) + ".") << '\n';
  for (const auto& input : evidence.inputs)
    out << wrap("- " + input.role + " `" + input.path + "`,", "  ") << "  sha256 `" << input.sha256 << "`\n";
  out << "- resolved scenario (presets and overrides applied),\n  sha256 `" << evidence.resolved_sha256 << "`\n";
}

void write_evidence_html(std::ostream& out, const Evidence& evidence) {
  out << "<h2>Evidence</h2>\n<p class=\"note\">" << escape_markup(summary_line(evidence), false) << '.'
      << (reproducible(evidence) ? " <code>drsim reproduce</code> reruns the JSON report and confirms its figures."
                                 : "")
      << "</p>\n<table><tbody>\n";
  for (const auto& input : evidence.inputs)
    out << "<tr><td>" << escape_markup(input.role, false) << "</td><td><code>" << escape_markup(input.path, false)
        << "</code></td><td><code>" << input.sha256 << "</code></td></tr>\n";
  out << "<tr><td>resolved scenario</td><td>presets and overrides applied</td><td><code>" << evidence.resolved_sha256
      << "</code></td></tr>\n</tbody></table>\n";
}

void write_evidence_junit_properties(std::ostream& out, const Evidence& evidence, const std::string& indent) {
  const auto property = [&](const std::string& name, const std::string& value) {
    out << indent << "<property name=\"" << escape_markup(name) << "\" value=\"" << escape_markup(value) << "\"/>\n";
  };
  property("drsim_version", evidence.drsim_version);
  property("build_type", evidence.build_type);
  property("command", evidence.command);
  for (const auto& input : evidence.inputs) {
    property(input.role, input.path);
    property(input.role + "_sha256", input.sha256);
  }
  property("resolved_scenario_sha256", evidence.resolved_sha256);
  property("ran_at", evidence.ran_at);
}

} // namespace drsim
