#include "reports/markdown_report.hpp"

#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "reports/markdown_table.hpp"
#include "reports/recommendation_text.hpp"
#include "reports/rto_anatomy_text.hpp"
#include "sim/core/units.hpp"
#include "sim/core/version.hpp"
#include "sim/measure/objectives.hpp"

namespace drsim {
namespace {

// Not met in bold, cannot tell in italics.
std::string verdict_cell(const ObjectiveResult& o) {
  const std::string mark = o.verdict == Verdict::NotMet ? "**" : o.verdict == Verdict::CannotTell ? "*" : "";
  // Appended in steps: GCC 12 warns falsely (-Wrestrict) on "*" + a temporary string.
  std::string cell = mark;
  cell += verdict_text(o);
  cell += mark;
  return cell;
}

// The objectives of the given strategies, one row each, and a line that counts them; for a comparison
// (`name_strategy`), the command that replays the worst drill of each objective that fails.
void write_objectives(std::ostream& out, const std::vector<const StrategyReport*>& strategies, bool name_strategy,
                      const std::string& scenario_file) {
  bool notes = false, intervals = false;
  VerdictCounts counts;
  for (const auto* r : strategies)
    for (const auto& o : r->objectives) {
      notes = notes || !o.note.empty();
      intervals = intervals || !objective_interval(o, " to ").empty();
      counts.add(o);
    }
  std::vector<std::string> header{"objective", "target", "observed", "verdict"};
  std::vector<bool> right{false, true, true, false, false, false};
  if (intervals) {
    header.insert(header.begin() + 3, "95 % interval");
    right.insert(right.begin() + 3, true);
  }
  if (name_strategy) {
    header.insert(header.begin(), "strategy");
    right.insert(right.begin(), false);
  }
  if (notes)
    header.push_back("note");
  MarkdownTable table(header, right);
  for (const auto* r : strategies)
    for (const auto& o : r->objectives) {
      std::vector<std::string> row{objective_label(o), objective_target(o), format_observed(o), verdict_cell(o)};
      if (intervals)
        row.insert(row.begin() + 3, objective_interval(o, " to "));
      if (name_strategy)
        row.insert(row.begin(), r->strategy);
      if (notes)
        row.push_back(o.note);
      table.add(row);
    }
  if (counts.total() == 0) {
    out << "The scenario sets no objectives.\n\n";
    return;
  }
  table.write(out);
  out << counts.text() << ".";
  if (counts.within_on_one_drill + counts.beyond_on_one_drill > 0)
    out << " One drill is one sample: whether a p95 or a mean holds takes many (`drsim compare`).";
  if (counts.cannot_tell > 0)
    out << " Cannot tell: the 95 % interval straddles the target; more drills (`--runs`) would decide.";
  out << "\n\n";
  if (!name_strategy)
    return;
  bool listed = false;
  for (const auto* r : strategies)
    for (const auto& o : r->objectives)
      if ((o.verdict == Verdict::NotMet || o.verdict == Verdict::CannotTell) && o.worst) {
        if (!listed)
          out << "The worst drill of each objective not met or undecided, to replay with its timeline:\n\n";
        listed = true;
        out << "- " << r->strategy << ", " << objective_label(o.metric, o.stat) << ": run " << o.worst->run + 1
            << ", seed " << o.worst->seed << ": `" << replay_command(scenario_file, r->strategy, o.worst->seed)
            << "`\n";
      }
  if (listed)
    out << '\n';
}

// The long-run figures of the strategies that have them; nothing when none has.
void write_long_run(std::ostream& out, const Report& report) {
  MarkdownTable table({"strategy", "availability", "downtime/month mean", "downtime/month p50", "downtime/month p95",
                       "downtime/month p99", "outages/year mean", "outage length p50", "outage length p95"},
                      {false, true, true, true, true, true, true, true, true});
  std::string unended;
  bool any = false;
  for (const auto& r : report.results) {
    if (!r.long_run)
      continue;
    any = true;
    const auto& l = *r.long_run;
    const auto& downtime = l.downtime_min_per_month;
    table.add({r.strategy, percent(r.availability, 4), monthly_downtime_of(downtime, &Summary::mean),
               monthly_downtime_of(downtime, &Summary::p50), monthly_downtime_of(downtime, &Summary::p95),
               monthly_downtime_of(downtime, &Summary::p99), mean_per_year(l.outages_per_year),
               duration_of(l.outage_length_s, &Summary::p50), duration_of(l.outage_length_s, &Summary::p95)});
    if (l.unended_outages > 0)
      unended += " " + r.strategy + ": " + std::to_string(l.unended_outages) + " of " + std::to_string(l.outages) +
                 " outages were still under way at the horizon; their length is not counted.";
  }
  if (!any)
    return;
  out << "## Long-run availability\n\n";
  table.write(out);
  out << "Availability: successful requests over the horizon, mean of the runs. Downtime per month: each run's "
         "downtime over its length in months, summarised over the runs. Outages per year: mean of the runs. Outage "
         "length: over every outage that ended."
      << unended << "\n\n";
}

// Per strategy, the median of each phase of its RTO over its drills.
void write_anatomy_medians(std::ostream& out, const Report& report) {
  std::string note;
  for (const auto& r : report.results) {
    if (!r.anatomy_medians)
      continue;
    if (note.empty())
      out << "## Anatomy of the RTO\n\nThe median of each phase over the drills.\n\n";
    const auto text = rto_anatomy_text(*r.anatomy_medians);
    out << "### " << rto_anatomy_heading(r.strategy, *r.anatomy_medians) << "\n\n";
    MarkdownTable phases(text.header, text.right);
    for (const auto& row : text.rows)
      phases.add(row);
    phases.write(out);
    note = text.note;
  }
  if (!note.empty())
    out << note << "\n\n";
}

// The 95 % intervals of the headline figures, and the strategies whose differences are within noise.
void write_intervals(std::ostream& out, const Report& report) {
  out << "## 95 % confidence intervals\n\n";
  std::vector<std::string> header{"strategy"};
  for (const auto& [label, cell] : interval_cells(report.results.front(), " to "))
    header.push_back(label);
  std::vector<bool> right(header.size(), true);
  right.front() = false;
  MarkdownTable table(header, right);
  for (const auto& r : report.results) {
    std::vector<std::string> row{r.strategy};
    for (const auto& [label, cell] : interval_cells(r, " to "))
      row.push_back(cell);
    table.add(row);
  }
  table.write(out);
  out << "The true figure lies within each interval with 95 % confidence: Student's t for the mean, order statistics "
         "for percentiles. A side marked >= or <= is open: too few drills to bound it.";
  const auto pairs = within_noise(report);
  if (!pairs.empty()) {
    out << " **Within noise** (the intervals overlap, so these drills do not tell the two apart):";
    for (const auto& pair : pairs)
      out << (&pair == &pairs.front() ? " " : "; ") << pair.first << " and " << pair.second << " in "
          << listed_figures(pair);
    out << '.';
  }
  out << "\n\n";
}

void write_recommendation(std::ostream& out, const Report& report) {
  const auto text = recommendation_text(report, recommend(report));
  out << "## Recommendation\n\n";
  for (const auto& sentence : text.sentences) {
    // The first sentence is the answer.
    out << (&sentence == &text.sentences.front() ? "**" + sentence + "**" : sentence) << "\n\n";
    if (sentence.ends_with("misses:")) {
      for (const auto& miss : text.misses)
        out << "- " << miss << '\n';
      out << '\n';
    }
  }
  std::vector<bool> right(text.header.size(), true);
  right.front() = right.back() = false;
  MarkdownTable table(text.header, right);
  for (const auto& row : text.rows)
    table.add(row);
  table.write(out);
}

// The return to the original region, for the strategies whose runbook fails back.
void write_failback(std::ostream& out, const Report& report) {
  if (std::none_of(report.results.begin(), report.results.end(),
                   [](const StrategyReport& r) { return r.failback.has_value(); }))
    return;
  out << "## Failback\n\n";
  MarkdownTable table({"strategy", "drills", "unfinished", "duration p50", "duration p95", "downtime p50",
                       "downtime p95", "lost writes max", "both regions mean"},
                      {false, true, true, true, true, true, true, true, true});
  for (const auto& r : report.results)
    if (const auto& f = r.failback)
      table.add({r.strategy, std::to_string(f->runs), std::to_string(f->unfinished_runs),
                 duration_of(f->duration_s, &Summary::p50), duration_of(f->duration_s, &Summary::p95),
                 duration_of(f->downtime_s, &Summary::p50), duration_of(f->downtime_s, &Summary::p95),
                 format_figure(Metric::LostWrites, f->lost_writes.max),
                 format_figure(Metric::MonthlyCost, f->both_regions_usd.mean)});
  table.write(out);
  out << "From the original region's health check passing again to the last failback step; downtime: the failback's "
         "outages as the clients saw them; both regions: the capacity beyond the steady state from the fault to the "
         "failback's end, per drill.\n\n";
}

} // namespace

void write_compare_markdown(std::ostream& out, const Report& report) {
  out << "# drsim compare: " << report.scenario << "\n\n"
      << report.runs << " drills per strategy, seed " << report.seed << ", drsim " << version << ".\n\n"
      << "## Results\n\n";
  MarkdownTable table({"strategy", "drills", "unrecovered", "RTO p50", "RTO p95", "RTO max", "RPO p50", "RPO p95",
                       "lost writes p95", "availability", "monthly cost"},
                      {false, true, true, true, true, true, true, true, true, true, true});
  for (const auto& r : report.results) {
    const bool unknown = data_unknown(r);
    table.add({r.strategy, std::to_string(r.runs), std::to_string(r.unrecovered_runs),
               duration_of(r.rto_s, &Summary::p50), duration_of(r.rto_s, &Summary::p95),
               duration_of(r.rto_s, &Summary::max), unknown ? "-" : duration_of(r.rpo_s, &Summary::p50),
               unknown ? "-" : duration_of(r.rpo_s, &Summary::p95),
               unknown ? "-" : format_figure(Metric::LostWrites, r.lost_writes.p95),
               format_figure(Metric::Availability, r.availability),
               r.monthly_cost_usd ? format_figure(Metric::MonthlyCost, *r.monthly_cost_usd) : "-"});
  }
  table.write(out);
  out << "RTO over the drills that recovered within the horizon; RPO and lost writes (acknowledged writes missing "
         "after recovery) over every drill, unknown (-) when none recovered; availability: successful requests over "
         "the horizon, mean of the drills; monthly cost: steady state, from the topology's price table.\n\n";
  write_long_run(out, report);
  write_failback(out, report);
  write_anatomy_medians(out, report);
  write_intervals(out, report);
  out << "## Objectives\n\n";
  std::vector<const StrategyReport*> strategies;
  for (const auto& r : report.results)
    strategies.push_back(&r);
  write_objectives(out, strategies, true, report.scenario_file);
  write_recommendation(out, report);
  if (report.evidence)
    write_evidence_markdown(out, *report.evidence);
}

void write_run_markdown(std::ostream& out, const Report& report) {
  out << "# drsim run: " << report.scenario << "\n\nOne drill per strategy, seed " << report.seed << ", drsim "
      << version << ".\n";
  for (const auto& r : report.results)
    for (const auto& drill : r.drills) {
      const auto& m = drill.measurement;
      out << "\n## " << r.strategy << "\n\n";
      MarkdownTable measured({"measure", "value"}, {false, true});
      measured.add({"fault onset", format_clock(drill.fault_onset)});
      if (m.first_failure)
        measured.add({"first failed request", format_clock(*m.first_failure)});
      measured.add({"recovered", m.recovered_at ? format_clock(*m.recovered_at) : "not within the horizon"});
      measured.add({"RTO", m.rto_s ? format_duration(*m.rto_s) : "unrecovered"});
      measured.add({"RPO", format_duration(m.rpo_s)});
      measured.add({"lost writes", format_figure(Metric::LostWrites, std::round(m.lost_writes))});
      measured.add({"availability", format_figure(Metric::Availability, m.availability)});
      if (drill.lost_objects > 0)
        measured.add({"lost objects", std::to_string(std::llround(drill.lost_objects))});
      if (const auto& f = drill.failback) {
        measured.add({"failback began", format_clock(f->start)});
        measured.add({"failback duration", f->duration_s ? format_duration(*f->duration_s) : "unfinished"});
        measured.add({"failback downtime", format_duration(f->downtime_s)});
        measured.add({"failback lost writes", format_figure(Metric::LostWrites, std::round(f->lost_writes))});
        if (r.failback)
          measured.add({f->end ? "both regions from the fault until failback ended"
                               : "both regions from the fault to the horizon (failback unfinished)",
                        format_figure(Metric::MonthlyCost, r.failback->both_regions_usd.mean)});
      }
      measured.write(out);
      if (r.anatomy) {
        const auto text = rto_anatomy_text(*r.anatomy);
        out << "### Anatomy of the RTO\n\n";
        MarkdownTable phases(text.header, text.right);
        for (const auto& row : text.rows)
          phases.add(row);
        phases.write(out);
        out << text.note << "\n\n";
      }
      out << "### Objectives\n\n";
      write_objectives(out, {&r}, false, report.scenario_file);
      out << "### Timeline\n\nSimulated time since the drill started.\n\n";
      MarkdownTable timeline({"time", "event", "component", "detail"}, {true, false, false, false});
      for (const auto& event : drill.timeline)
        timeline.add({format_clock(event.time), name_of(event.kind), event.component, event.detail});
      timeline.write(out);
    }
  if (report.evidence)
    write_evidence_markdown(out, *report.evidence);
}

} // namespace drsim
