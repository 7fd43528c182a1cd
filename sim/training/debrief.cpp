#include "sim/training/debrief.hpp"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

#include "reports/html_page.hpp"
#include "reports/html_report.hpp"
#include "reports/svg/markup.hpp"
#include "sim/core/units.hpp"
#include "sim/core/version.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim {
namespace {

std::string figure(Metric metric, const std::optional<double>& value) {
  return value ? format_figure(metric, *value) : "not recovered";
}

std::string summary_figure(Metric metric, const Summary& summary, double Summary::*stat) {
  return summary.count == 0 ? "-" : format_figure(metric, summary.*stat);
}

nlohmann::json summary_json(const Summary& s) {
  if (s.count == 0)
    return nullptr;
  return {{"mean", s.mean}, {"p50", s.p50}, {"p95", s.p95}, {"p99", s.p99}, {"max", s.max}};
}

nlohmann::json optional_json(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

// "12m 30s more than" / "4m less than" / "the same as": the session's figure against the runbook's median.
std::string against(Metric metric, double session, double median) {
  if (format_figure(metric, session) == format_figure(metric, median))
    return "the same as";
  return format_figure(metric, std::abs(session - median)) + (session > median ? " more than" : " less than");
}

const DrillResult& drill_of(const Debrief& debrief) { return debrief.session.drills.front(); }

constexpr const char* unlike = "The facilitator's faults struck the session only, not the runbook's drills: the "
                               "comparison is not like for like.";

} // namespace

Debrief make_debrief(const std::string& scenario, std::uint64_t seed, StrategyReport session, StrategyReport baseline,
                     const TrainingSession& trainee) {
  Debrief debrief;
  debrief.scenario = scenario;
  debrief.strategy = session.strategy;
  debrief.seed = seed;
  debrief.alerts = trainee.alerts();
  debrief.actions = trainee.actions();
  debrief.notes = trainee.notes();
  debrief.injected = trainee.injected();
  const auto& drill = session.drills.front();
  if (!debrief.alerts.empty()) {
    std::optional<double> first_ack;
    for (const auto& alert : debrief.alerts)
      if (alert.acknowledged)
        first_ack = first_ack ? std::min(*first_ack, *alert.acknowledged) : *alert.acknowledged;
    if (first_ack)
      debrief.time_to_acknowledge = *first_ack - debrief.alerts.front().fired;
  }
  for (const auto& action : debrief.actions)
    if (action.matches_runbook) {
      debrief.time_to_diagnose = std::max(0.0, action.at - drill.fault_onset);
      break;
    }
  debrief.time_to_recover = drill.measurement.rto_s;
  debrief.session = std::move(session);
  debrief.baseline = std::move(baseline);
  return debrief;
}

void write_debrief_text(std::ostream& out, const Debrief& debrief) {
  const auto& drill = drill_of(debrief);
  const auto& m = drill.measurement;
  const auto& base = debrief.baseline;
  out << "Game day debrief: " << debrief.scenario << ", strategy " << debrief.strategy << ", seed " << debrief.seed
      << "\n\nWhat struck\n";
  for (const auto& event : drill.timeline)
    if (event.kind == EventKind::Fault || event.kind == EventKind::FaultEnded)
      out << "  " << format_clock(event.time) << "  " << name_of(event.kind) << "  " << event.component << ": "
          << event.detail << '\n';
  if (!debrief.injected.empty()) {
    out << "\nThe facilitator's faults\n";
    for (const auto& injected : debrief.injected)
      out << "  " << format_clock(injected.at) << "  " << injected.text << '\n';
  }
  out << "\nYour session\n";
  auto line = [&](const std::string& label, const std::string& value) {
    out << fmt::format("  {:<21} {}\n", label, value);
  };
  line("RTO", figure(Metric::Rto, m.rto_s));
  line("RPO", format_figure(Metric::Rpo, m.rpo_s));
  line("lost writes", format_figure(Metric::LostWrites, m.lost_writes));
  line("availability", format_figure(Metric::Availability, m.availability));
  line("time to acknowledge", debrief.time_to_acknowledge
                                  ? format_figure(Metric::Rto, *debrief.time_to_acknowledge) + " after the first alert"
                                  : "no alert acknowledged");
  line("time to diagnose", debrief.time_to_diagnose ? format_figure(Metric::Rto, *debrief.time_to_diagnose) +
                                                          " after the fault: the first runbook action"
                                                    : "no action the runbook takes");
  line("time to recover", debrief.time_to_recover
                              ? format_figure(Metric::Rto, *debrief.time_to_recover) + " after the fault (the RTO)"
                              : "not recovered within the horizon");
  if (const auto& failback = drill.failback) {
    line("failback", "began " + format_clock(failback->start) +
                         (failback->end ? ", ended " + format_clock(*failback->end) + " (" +
                                              format_figure(Metric::Rto, *failback->duration_s) + ")"
                                        : ", not ended by the horizon"));
    line("failback downtime", format_figure(Metric::Rto, failback->downtime_s));
    line("failback lost", format_figure(Metric::LostWrites, failback->lost_writes));
  }

  out << "\nAgainst the automated runbook (" << base.runs << " drills, " << base.unrecovered_runs << " unrecovered)\n";
  if (!debrief.injected.empty())
    out << "  " << unlike << "\n";
  out << fmt::format("  {:<14} {:>16} {:>16} {:>16}\n", "figure", "you", "runbook p50", "runbook p95");
  auto row = [&](const char* label, Metric metric, const std::string& you, const Summary& summary) {
    out << fmt::format("  {:<14} {:>16} {:>16} {:>16}\n", label, you, summary_figure(metric, summary, &Summary::p50),
                       summary_figure(metric, summary, &Summary::p95));
  };
  row("RTO", Metric::Rto, figure(Metric::Rto, m.rto_s), base.rto_s);
  row("RPO", Metric::Rpo, format_figure(Metric::Rpo, m.rpo_s), base.rpo_s);
  row("lost writes", Metric::LostWrites, format_figure(Metric::LostWrites, m.lost_writes), base.lost_writes);
  out << fmt::format("  {:<14} {:>16} {:>16}\n", "availability", format_figure(Metric::Availability, m.availability),
                     format_figure(Metric::Availability, base.availability) + " mean");
  out << "\nWhat your decisions cost\n";
  if (m.rto_s && base.rto_s.count > 0)
    out << "  an RTO " << against(Metric::Rto, *m.rto_s, base.rto_s.p50) << " the runbook's median\n";
  else if (!m.rto_s)
    out << "  the service did not recover within the horizon\n";
  if (base.lost_writes.count > 0)
    out << "  " << against(Metric::LostWrites, m.lost_writes, base.lost_writes.p50)
        << " the runbook's median of lost writes\n";
  out << "  availability " << format_figure(Metric::Availability, m.availability) << " against the runbook's mean of "
      << format_figure(Metric::Availability, base.availability) << '\n';

  if (!debrief.session.objectives.empty()) {
    out << "\nObjectives\n";
    for (std::size_t i = 0; i < debrief.session.objectives.size(); ++i) {
      const auto& you = debrief.session.objectives[i];
      out << "  " << objective_label(you.metric, you.stat) << ' ' << format_target(you.metric, you.target) << '\n'
          << "      you      " << format_observed(you) << ", " << verdict_text(you) << '\n';
      if (i < base.objectives.size())
        out << "      runbook  " << format_observed(base.objectives[i]) << ", " << verdict_text(base.objectives[i])
            << '\n';
    }
  }
  out << "\nAlerts\n";
  if (debrief.alerts.empty())
    out << "  none fired\n";
  for (const auto& alert : debrief.alerts)
    out << "  " << format_clock(alert.fired) << "  " << alert.name << "\n                 " << alert.text
        << "\n                 "
        << (alert.acknowledged ? "acknowledged " + format_clock(*alert.acknowledged) : std::string("not acknowledged"))
        << (alert.resolved ? ", resolved " + format_clock(*alert.resolved) : std::string()) << '\n';
  out << "\nYour actions\n";
  if (debrief.actions.empty())
    out << "  none\n";
  for (const auto& action : debrief.actions)
    out << "  " << format_clock(action.at) << "  " << action.text << "\n                 "
        << (!action.failure.empty() ? "failed " + format_clock(*action.done) + ": " + action.failure
            : action.done           ? "done " + format_clock(*action.done)
                                    : std::string("still under way at the end"))
        << (action.matches_runbook ? "; the runbook does this too" : "; not a step of the runbook") << '\n';
  if (!debrief.notes.empty()) {
    out << "\nNotes\n";
    for (const auto& note : debrief.notes)
      out << "  " << note << '\n';
  }
}

void write_debrief_json(std::ostream& out, const Debrief& debrief) {
  const auto& drill = drill_of(debrief);
  const auto& m = drill.measurement;
  const auto& base = debrief.baseline;
  nlohmann::json objectives = nlohmann::json::array();
  for (std::size_t i = 0; i < debrief.session.objectives.size(); ++i) {
    const auto& you = debrief.session.objectives[i];
    nlohmann::json item{{"metric", name_of(you.metric)},
                        {"stat", name_of(you.stat)},
                        {"target", you.target},
                        {"unit", metric_unit(you.metric)},
                        {"session_observed", optional_json(you.observed)},
                        {"session_met", you.met ? nlohmann::json(*you.met) : nlohmann::json(nullptr)}};
    if (i < base.objectives.size()) {
      item["runbook_observed"] = optional_json(base.objectives[i].observed);
      item["runbook_verdict"] = name_of(base.objectives[i].verdict);
    }
    objectives.push_back(item);
  }
  nlohmann::json alerts = nlohmann::json::array();
  for (const auto& alert : debrief.alerts)
    alerts.push_back({{"name", alert.name},
                      {"text", alert.text},
                      {"fired_s", alert.fired},
                      {"acknowledged_s", optional_json(alert.acknowledged)},
                      {"resolved_s", optional_json(alert.resolved)}});
  nlohmann::json injected = nlohmann::json::array();
  for (const auto& fault : debrief.injected)
    injected.push_back({{"command", fault.text}, {"at_s", fault.at}});
  nlohmann::json failback = nullptr;
  if (const auto& figures = drill.failback)
    failback = {{"start_s", figures->start},
                {"end_s", optional_json(figures->end)},
                {"duration_s", optional_json(figures->duration_s)},
                {"downtime_s", figures->downtime_s},
                {"lost_writes", figures->lost_writes}};
  nlohmann::json actions = nlohmann::json::array();
  for (const auto& action : debrief.actions)
    actions.push_back({{"command", action.text},
                       {"at_s", action.at},
                       {"done_s", optional_json(action.done)},
                       {"failure", action.failure.empty() ? nlohmann::json() : nlohmann::json(action.failure)},
                       {"runbook_step", action.matches_runbook}});
  const nlohmann::json document{{"drsim_training_debrief", 1},
                                {"scenario", debrief.scenario},
                                {"strategy", debrief.strategy},
                                {"seed", debrief.seed},
                                {"fault_onset_s", drill.fault_onset},
                                {"session",
                                 {{"rto_s", optional_json(m.rto_s)},
                                  {"rpo_s", m.rpo_s},
                                  {"lost_writes", m.lost_writes},
                                  {"availability", m.availability},
                                  {"time_to_acknowledge_s", optional_json(debrief.time_to_acknowledge)},
                                  {"time_to_diagnose_s", optional_json(debrief.time_to_diagnose)},
                                  {"time_to_recover_s", optional_json(debrief.time_to_recover)},
                                  {"failback", failback}}},
                                {"runbook",
                                 {{"runs", base.runs},
                                  {"unrecovered_runs", base.unrecovered_runs},
                                  {"rto_s", summary_json(base.rto_s)},
                                  {"rpo_s", summary_json(base.rpo_s)},
                                  {"lost_writes", summary_json(base.lost_writes)},
                                  {"availability", base.availability}}},
                                {"objectives", objectives},
                                {"injected", injected},
                                {"like_for_like", debrief.injected.empty()},
                                {"alerts", alerts},
                                {"actions", actions},
                                {"notes", debrief.notes}};
  out << document.dump(2) << '\n';
}

void write_debrief_html(std::ostream& out, const Debrief& debrief) {
  using html::cell;
  const auto& drill = drill_of(debrief);
  const auto& m = drill.measurement;
  const auto& base = debrief.baseline;
  html::page_start(out, "drsim train: " + debrief.scenario);
  out << "<h1>" << escape_markup(debrief.scenario) << "</h1>\n<p class=\"meta\">drsim train &middot; game day debrief "
      << "&middot; strategy " << escape_markup(debrief.strategy) << " &middot; seed " << debrief.seed
      << " &middot; drsim " << escape_markup(version) << "</p>\n";

  out << "<h2>Your session against the automated runbook</h2>\n<table>"
      << html::header({{"figure", false}, {"you", true}, {"runbook p50", true}, {"runbook p95", true}}) << "<tbody>\n";
  auto row = [&](const char* label, Metric metric, const std::string& you, const Summary& summary) {
    out << "<tr>" << cell(label) << cell(you, true) << cell(summary_figure(metric, summary, &Summary::p50), true)
        << cell(summary_figure(metric, summary, &Summary::p95), true) << "</tr>\n";
  };
  row("RTO", Metric::Rto, figure(Metric::Rto, m.rto_s), base.rto_s);
  row("RPO", Metric::Rpo, format_figure(Metric::Rpo, m.rpo_s), base.rpo_s);
  row("lost writes", Metric::LostWrites, format_figure(Metric::LostWrites, m.lost_writes), base.lost_writes);
  out << "<tr>" << cell("availability") << cell(format_figure(Metric::Availability, m.availability), true)
      << cell(format_figure(Metric::Availability, base.availability) + " mean", true) << cell("", true)
      << "</tr>\n</tbody></table>\n<p class=\"note\">The runbook: " << base.runs << " drills of the same scenario and "
      << "strategy, " << base.unrecovered_runs << " unrecovered. ";
  if (!debrief.injected.empty())
    out << escape_markup(unlike) << ' ';
  if (m.rto_s && base.rto_s.count > 0)
    out << "Your RTO is " << escape_markup(against(Metric::Rto, *m.rto_s, base.rto_s.p50)) << " the runbook's median";
  else if (!m.rto_s)
    out << "The service did not recover within the horizon";
  out << ".</p>\n<div class=\"cards\">";
  auto card = [&](const std::string& label, const std::optional<double>& seconds, const std::string& none) {
    out << "<div class=\"card\"><div class=\"label\">" << escape_markup(label) << "</div><div class=\"value\">"
        << escape_markup(seconds ? format_figure(Metric::Rto, *seconds) : none) << "</div></div>";
  };
  card("time to acknowledge", debrief.time_to_acknowledge, "no alert acknowledged");
  card("time to diagnose", debrief.time_to_diagnose, "no runbook action");
  card("time to recover", debrief.time_to_recover, "not recovered");
  out << "</div>\n";

  if (!debrief.session.objectives.empty()) {
    out << "<h2>Objectives</h2>\n<table>"
        << html::header({{"objective", false}, {"you", true}, {"", false}, {"runbook", true}, {"", false}})
        << "<tbody>\n";
    for (std::size_t i = 0; i < debrief.session.objectives.size(); ++i) {
      const auto& you = debrief.session.objectives[i];
      out << "<tr>" << cell(objective_label(you.metric, you.stat) + " " + format_target(you.metric, you.target))
          << cell(format_observed(you), true) << "<td>" << html::badge(you) << "</td>";
      if (i < base.objectives.size())
        out << cell(format_observed(base.objectives[i]), true) << "<td>" << html::badge(base.objectives[i]) << "</td>";
      out << "</tr>\n";
    }
    out << "</tbody></table>\n";
  }

  if (!debrief.injected.empty()) {
    out << "<h2>The facilitator's faults</h2>\n<table>" << html::header({{"time", true}, {"command", false}})
        << "<tbody>\n";
    for (const auto& injected : debrief.injected)
      out << "<tr>" << cell(format_clock(injected.at), true) << cell(injected.text) << "</tr>\n";
    out << "</tbody></table>\n";
  }

  out << "<h2>Alerts</h2>\n";
  if (debrief.alerts.empty())
    out << "<p class=\"note\">None fired.</p>\n";
  else {
    out << "<table>"
        << html::header(
               {{"fired", true}, {"alert", false}, {"what it said", false}, {"acknowledged", true}, {"resolved", true}})
        << "<tbody>\n";
    for (const auto& alert : debrief.alerts)
      out << "<tr>" << cell(format_clock(alert.fired), true) << cell(alert.name) << cell(alert.text)
          << cell(alert.acknowledged ? format_clock(*alert.acknowledged) : "not acknowledged", true)
          << cell(alert.resolved ? format_clock(*alert.resolved) : "open", true) << "</tr>\n";
    out << "</tbody></table>\n";
  }
  out << "<h2>Your actions</h2>\n";
  if (debrief.actions.empty())
    out << "<p class=\"note\">None.</p>\n";
  else {
    out << "<table>"
        << html::header({{"given", true}, {"command", false}, {"done", true}, {"the runbook's too", false}})
        << "<tbody>\n";
    for (const auto& action : debrief.actions)
      out << "<tr>" << cell(format_clock(action.at), true) << cell(action.text)
          << cell(!action.failure.empty() ? "failed " + format_clock(*action.done) + ": " + action.failure
                  : action.done           ? format_clock(*action.done)
                                          : "under way at the end",
                  true)
          << cell(action.matches_runbook ? "yes" : "no") << "</tr>\n";
    out << "</tbody></table>\n";
  }
  if (!debrief.notes.empty()) {
    out << "<h2>Notes</h2>\n<ul>";
    for (const auto& note : debrief.notes)
      out << "<li>" << escape_markup(note) << "</li>";
    out << "</ul>\n";
  }

  out << "<h2>The session's drill</h2>\n";
  Report session{debrief.scenario, "", debrief.seed, 1, {debrief.session}};
  write_drill_sections(out, session, false);
  html::page_end(out);
}

} // namespace drsim
