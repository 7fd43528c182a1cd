#include "reports/table_report.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "reports/plain_text.hpp"
#include "reports/recommendation_text.hpp"
#include "reports/rto_anatomy_text.hpp"
#include "sim/core/units.hpp"

namespace drsim {
namespace {

std::string pad_left(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : std::string(width - text.size(), ' ') + text;
}

std::string pad_right(const std::string& text, std::size_t width) {
  return text.size() >= width ? text : text + std::string(width - text.size(), ' ');
}

// Past an hour, seconds only widen the column.
std::string duration_or_dash(const Summary& s, double Summary::*stat) {
  return s.count == 0 ? "-" : column_duration(s.*stat);
}

std::string dollars(const std::optional<double>& value) {
  if (!value)
    return "-";
  // Appended in steps: GCC 12 warns falsely (-Wrestrict) on "$" + a temporary string.
  std::string text = "$";
  text += grouped(*value);
  return text;
}

// Without the space the other formats put before '%': an 80-column table has none to spare.
std::string compact_percent(double fraction, int decimals) { return decimal(fraction * 100, decimals) + '%'; }

// Minutes without their unit, which the column's header names.
std::string minutes_or_dash(const Summary& s, double Summary::*stat) {
  return s.count == 0 ? "-" : figure_number(Metric::MonthlyDowntime, s.*stat);
}

// Names longer than the usual column widen it for every row, so the figures stay aligned.
std::size_t name_width(const Report& report) {
  std::size_t width = 16;
  for (const auto& r : report.results)
    width = std::max(width, r.strategy.size());
  return width;
}

void write_row(std::ostream& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line = pad_right(cells[0], widths[0]);
  for (std::size_t i = 1; i < cells.size(); ++i) {
    // Appended in two steps: GCC 12 warns falsely (-Wrestrict) on " " + a temporary string.
    line += ' ';
    line += pad_left(cells[i], widths[i]);
  }
  out << line << '\n';
}

// The long-run figures of the strategies that have them. The nominal widths make 77 columns; a wider cell widens
// its column for every row, so a long name or a figure past its usual size never shifts the others.
void write_long_run_text(std::ostream& out, const Report& report) {
  const std::vector<std::string> header{"strategy", "avail", "mean", "p50", "p95", "p99", "out/yr", "p50", "p95"};
  std::vector<std::size_t> widths{name_width(report), 9, 6, 6, 6, 6, 6, 7, 7};
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : report.results) {
    if (!r.long_run)
      continue;
    const auto& l = *r.long_run;
    rows.push_back(
        {r.strategy, compact_percent(r.availability, 4), minutes_or_dash(l.downtime_min_per_month, &Summary::mean),
         minutes_or_dash(l.downtime_min_per_month, &Summary::p50),
         minutes_or_dash(l.downtime_min_per_month, &Summary::p95),
         minutes_or_dash(l.downtime_min_per_month, &Summary::p99), mean_per_year(l.outages_per_year),
         duration_or_dash(l.outage_length_s, &Summary::p50), duration_or_dash(l.outage_length_s, &Summary::p95)});
    for (std::size_t i = 0; i < widths.size(); ++i)
      widths[i] = std::max(widths[i], rows.back()[i].size());
  }
  if (rows.empty())
    return;
  // The groups' names end where their last column does, as the figures below them do.
  auto span = [&](std::size_t first, std::size_t last) {
    std::size_t width = last - first;
    for (std::size_t i = first; i <= last; ++i)
      width += widths[i];
    return width;
  };
  std::string groups(span(0, 1), ' ');
  groups += ' ';
  groups += pad_left("downtime (min/month)", span(2, 5));
  groups += std::string(widths[6] + 2, ' ');
  groups += pad_left("outage length", span(7, 8));
  out << "\nLong-run availability\n\n" << groups << '\n';
  write_row(out, header, widths);
  for (const auto& row : rows)
    write_row(out, row, widths);
  bool any_unended = false;
  for (const auto& r : report.results)
    if (r.long_run && r.long_run->unended_outages > 0) {
      if (!any_unended)
        out << '\n';
      any_unended = true;
      out << wrap(r.strategy + ": " + std::to_string(r.long_run->unended_outages) + " of " +
                  std::to_string(r.long_run->outages) +
                  " outages still under way at the horizon (not counted in the outage length columns)");
    }
  out << '\n'
      << wrap("avail: successful requests over the horizon, mean of the runs, as in the table above; downtime: per "
              "run, over its length in months, mean and percentiles over the runs; out/yr: outages per year, mean "
              "of the runs; outage length: p50/p95 over every outage that ended.");
}

// The return to the original region, for the strategies whose runbook fails back.
void write_failback_text(std::ostream& out, const Report& report) {
  TextTable table{{"strategy", "unfin", "dur p50", "dur p95", "down p50", "down p95", "lost max", "both $"},
                  {false, true, true, true, true, true, true, true},
                  {}};
  for (const auto& r : report.results)
    if (const auto& f = r.failback)
      table.rows.push_back(
          {r.strategy, std::to_string(f->unfinished_runs) + "/" + std::to_string(f->runs),
           duration_or_dash(f->duration_s, &Summary::p50), duration_or_dash(f->duration_s, &Summary::p95),
           duration_or_dash(f->downtime_s, &Summary::p50), duration_or_dash(f->downtime_s, &Summary::p95),
           grouped(f->lost_writes.max), dollars(f->both_regions_usd.mean)});
  if (table.rows.empty())
    return;
  out << "\nFailback\n\n";
  table.write(out);
  out << '\n'
      << wrap("unfin: the drills whose failback had not ended by the horizon, of those whose failback began; dur: "
              "from the original region's health check passing again to the last failback step, over the drills "
              "whose failback ended; down: the failback's outages as the clients saw them; lost: the writes "
              "its switch-over lost; both $: mean cost of the capacity beyond the steady state from the fault to the "
              "failback's end.");
}

// Per strategy, the median of each phase of its RTO over its drills.
void write_anatomy_medians_text(std::ostream& out, const Report& report) {
  std::string note;
  for (const auto& r : report.results) {
    if (!r.anatomy_medians)
      continue;
    if (note.empty())
      out << "\nAnatomy of the RTO: the median of each phase over the drills\n";
    const auto text = rto_anatomy_text(*r.anatomy_medians);
    out << '\n' << wrap(rto_anatomy_heading(r.strategy, *r.anatomy_medians));
    TextTable table{text.header, text.right, text.rows};
    table.header.front() = "  " + table.header.front();
    for (auto& row : table.rows)
      row.front() = "  " + row.front();
    table.write(out);
    note = text.note;
  }
  if (!note.empty())
    out << '\n' << wrap(note);
}

// "98.208-98.387%": the percent sign once, after the range.
std::string percent_interval(const std::optional<Interval>& interval) {
  const auto text = interval_text(interval, [](double fraction) { return decimal(fraction * 100, 3); });
  return text == "?" ? text : text + '%';
}

// The 95 % intervals of the figures objectives are usually about; JSON has every statistic's.
void write_intervals_text(std::ostream& out, const Report& report) {
  TextTable table{{"strategy", "RTO p95", "RPO p95", "lost p95", "avail"}, {false, true, true, true, true}, {}};
  TextTable long_run{{"strategy", "downtime mean", "downtime p95"}, {false, true, true}, {}};
  const auto downtime = [](double minutes) { return figure_number(Metric::MonthlyDowntime, minutes); };
  for (const auto& r : report.results) {
    const bool unknown = data_unknown(r);
    const auto durations = [](const Summary& s) {
      return s.count == 0 ? "-" : interval_text(s.p95_ci, column_duration);
    };
    table.rows.push_back({r.strategy, durations(r.rto_s), unknown ? "-" : durations(r.rpo_s),
                          unknown || r.lost_writes.count == 0 ? "-" : interval_text(r.lost_writes.p95_ci, grouped),
                          percent_interval(r.availability_ci)});
    if (r.long_run && r.long_run->downtime_min_per_month.count > 0)
      long_run.rows.push_back({r.strategy, interval_text(r.long_run->downtime_min_per_month.mean_ci, downtime),
                               interval_text(r.long_run->downtime_min_per_month.p95_ci, downtime)});
  }
  out << "\n95 % confidence intervals: each holds the true figure with 95 % confidence\n\n";
  table.write(out);
  if (!long_run.rows.empty()) {
    out << "\nDowntime per month (min), 95 % intervals\n\n";
    long_run.write(out);
  }
  out << '\n'
      << wrap("A side marked >= or <= is open: too few drills to bound it; ? bounds neither. --format json has the "
              "interval of every statistic.");
  const auto pairs = within_noise(report);
  if (!pairs.empty()) {
    out << '\n' << wrap("Within noise: these differ by less than the drills can tell (their 95 % intervals overlap):");
    for (const auto& pair : pairs) {
      std::string figures;
      for (const auto& figure : pair.figures)
        figures += (figures.empty() ? "" : ", ") + figure;
      out << wrap("  " + pair.first + " and " + pair.second + ": " + figures, "    ");
    }
  }
}

std::string half_width_text(const std::optional<double>& half_width) {
  return half_width ? fmt::format("+-{:.1f} %", *half_width * 100) : "open interval";
}

// How `--precision` stopped.
void write_precision_text(std::ostream& out, const PrecisionStop& precision) {
  std::string batches;
  for (const int runs : precision.batches)
    batches += (batches.empty() ? "" : ", ") + grouped(runs);
  const auto target = fmt::format("+-{:g} %", precision.target * 100);
  if (precision.imprecise.empty()) {
    out << '\n'
        << wrap("Precision: every headline figure's 95 % interval is within " + target + " of it after " +
                grouped(precision.batches.back()) + " drills per strategy (batches ending at " + batches + ").");
    return;
  }
  std::string figures;
  for (const auto& figure : precision.imprecise)
    figures += (figures.empty() ? "" : "; ") + figure.strategy + " " + figure.figure + " " +
               half_width_text(figure.half_width);
  out << '\n'
      << wrap("Precision: stopped at --max-runs " + grouped(precision.max_runs) +
              " drills per strategy (batches ending "
              "at " +
              batches + ") before every headline figure was within " + target + "; still wider: " + figures + ".");
}

// One line for the objectives when they all hold, and one for each that does not.
void write_objectives_text(std::ostream& out, const Report& report) {
  int total = 0, met = 0;
  std::string others;
  for (const auto& r : report.results)
    for (const auto& o : r.objectives) {
      ++total;
      if (o.verdict == Verdict::Met) {
        ++met;
        continue;
      }
      std::string line = "  " + r.strategy + ": " + objective_label(o.metric, o.stat) + " " +
                         format_target(o.metric, o.target) + ": " + format_observed(o);
      if (const auto interval = objective_interval(o, " to "); !interval.empty())
        line += " (95 %: " + interval + ")";
      line += ", " + verdict_text(o);
      others += wrap(line, "    ");
      if (o.worst)
        others += wrap("    worst drill: run " + std::to_string(o.worst->run + 1) + ", seed " +
                       std::to_string(o.worst->seed)) +
                  command_lines(replay_pieces(report.scenario_file, r.strategy, o.worst->seed), "      ");
    }
  if (total == 0)
    return;
  out << "\nObjectives: " << met << " of " << total << " met" << (met == total ? "." : "; the others:") << '\n'
      << others;
}

// The answer: which strategy, why, what the next cheaper one misses, and what each costs.
void write_recommendation_text(std::ostream& out, const Report& report) {
  const auto text = recommendation_text(report, recommend(report));
  out << "\nRecommendation\n\n";
  for (const auto& sentence : text.sentences) {
    out << wrap(sentence);
    if (sentence.ends_with("misses:"))
      for (const auto& miss : text.misses)
        out << wrap("  " + miss, "    ");
  }
  TextTable table{text.header, std::vector<bool>(text.header.size(), true), text.rows};
  table.right.front() = false;
  table.right.back() = false;
  out << '\n';
  table.write(out);
}

} // namespace

void write_compare_text(std::ostream& out, const Report& report) {
  out << "Scenario " << report.scenario << ": " << report.runs << " drills per strategy, seed " << report.seed
      << "\n\n";
  const bool unrecovered = std::any_of(report.results.begin(), report.results.end(),
                                       [](const StrategyReport& r) { return r.unrecovered_runs > 0; });
  // 79 columns: the table fits a terminal of 80; the unrecovered drills take their room from the others.
  TextTable table{{"strategy", "RTO p50", "RTO p95", "RPO p50", "RPO p95", "lost p95", "avail", "$/month"},
                  std::vector<bool>(8, true),
                  {},
                  {16, 8, 8, 8, 8, 8, 8, 8},
                  1};
  if (unrecovered) {
    table.header.insert(table.header.begin() + 1, "unrec");
    table.widths = {16, 5, 7, 7, 7, 7, 8, 7, 7};
    table.right.push_back(true);
  }
  table.right.front() = false;
  for (const auto& r : report.results) {
    const bool none_recovered = data_unknown(r);
    const auto data = [&](const Summary& s) { return none_recovered ? "-" : duration_or_dash(s, &Summary::p95); };
    std::vector<std::string> row{r.strategy,
                                 duration_or_dash(r.rto_s, &Summary::p50),
                                 duration_or_dash(r.rto_s, &Summary::p95),
                                 none_recovered ? "-" : duration_or_dash(r.rpo_s, &Summary::p50),
                                 data(r.rpo_s),
                                 none_recovered ? "-" : grouped(r.lost_writes.p95),
                                 compact_percent(r.availability, 3),
                                 dollars(r.monthly_cost_usd)};
    if (unrecovered)
      row.insert(row.begin() + 1, std::to_string(r.unrecovered_runs));
    table.rows.push_back(std::move(row));
  }
  table.write(out);
  bool any_unrecovered = false;
  for (const auto& r : report.results)
    if (r.unrecovered_runs > 0) {
      if (!any_unrecovered)
        out << '\n';
      any_unrecovered = true;
      out << wrap(r.strategy + ": " + std::to_string(r.unrecovered_runs) + " of " + std::to_string(r.runs) +
                  " drills did not recover within the horizon (not counted in the RTO columns" +
                  (r.unrecovered_runs == r.runs ? "; with no drill recovered, RPO and lost writes are unknown)" : ")"));
    }
  for (const auto& r : report.results) {
    for (const auto& drill : r.failed.first)
      out << wrap(r.strategy + ": drill " + std::to_string(drill.run) + " (seed " + std::to_string(drill.seed) + ") " +
                  drill.reason + "; left out of every figure");
    if (const auto unlisted = r.failed.count - static_cast<int>(r.failed.first.size()); unlisted > 0)
      out << wrap(r.strategy + ": " + std::to_string(unlisted) + " more drills failed (only the first " +
                  std::to_string(failed_drills_listed) + " are listed); left out of every figure");
  }
  bool any_conflicts = false;
  for (const auto& r : report.results)
    if (r.conflict_lost_writes.count > 0 && r.conflict_lost_writes.mean > 0) {
      if (!any_conflicts)
        out << '\n';
      any_conflicts = true;
      out << wrap(r.strategy + ": " + grouped(r.conflict_lost_writes.mean) +
                  " updates per drill (mean) dropped by last writer wins after partitions; not in the lost column");
    }
  std::string notes = "RTO and RPO are measured per drill from the simulated clients and data, p50 and p95 over the "
                      "drills; ";
  if (unrecovered)
    notes += "unrec: drills that did not recover within the horizon; ";
  notes += "lost: acknowledged writes missing after recovery; avail: successful requests over the horizon; "
           "$/month: steady-state cost from the topology's price table (--format json itemises it).";
  if (std::any_of(report.results.begin(), report.results.end(), [](const auto& r) { return r.long_run.has_value(); }))
    notes += " In a long run, a drill's RTO and RPO are those of its worst outage, and a drill with an outage still "
             "under way at the horizon did not recover.";
  // A long run's outage figures reach the limit in outages, long before its drills do.
  const auto sketched = [](const StrategyReport& r) {
    if (r.rto_s.approximate || r.rpo_s.approximate)
      return true;
    if (!r.long_run)
      return false;
    const auto& l = *r.long_run;
    return l.downtime_min_per_month.approximate || l.outages_per_year.approximate || l.outage_length_s.approximate ||
           l.outage_rpo_s.approximate || l.outage_lost_writes.approximate;
  };
  if (std::any_of(report.results.begin(), report.results.end(), sketched))
    notes += " Percentiles of more than " + grouped(static_cast<double>(exact_limit)) +
             " drills (or outages) come from a sketch, each within 0.1 % of a figure produced at that rank.";
  out << '\n' << wrap(notes);
  write_long_run_text(out, report);
  write_failback_text(out, report);
  write_anatomy_medians_text(out, report);
  write_intervals_text(out, report);
  if (report.precision)
    write_precision_text(out, *report.precision);
  write_objectives_text(out, report);
  write_recommendation_text(out, report);
  if (report.evidence)
    write_evidence_text(out, *report.evidence);
}

} // namespace drsim
