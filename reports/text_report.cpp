#include "reports/text_report.hpp"

#include <cmath>
#include <ostream>
#include <string>
#include <string_view>

#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "reports/plain_text.hpp"
#include "reports/rto_anatomy_text.hpp"
#include "sim/core/units.hpp"

namespace drsim {
namespace {

// The objectives on this one drill: its figure against each target, never a verdict on a statistic of many.
void write_objectives(std::ostream& out, const StrategyReport& result) {
  if (result.objectives.empty())
    return;
  out << "\nObjectives, on this one drill\n";
  TextTable table{{"  objective", "target", "this drill", ""}, {false, true, true, false}, {}};
  for (const auto& o : result.objectives)
    table.rows.push_back({"  " + objective_label(o), objective_target(o), format_observed(o), verdict_text(o)});
  table.write(out);
  out << '\n' << wrap("One drill is one sample: whether a p95 or a mean holds takes many drills (drsim compare).");
}

void write_anatomy(std::ostream& out, const StrategyReport& result) {
  if (!result.anatomy)
    return;
  const auto text = rto_anatomy_text(*result.anatomy);
  out << "\nAnatomy of the RTO\n";
  TextTable table{text.header, text.right, text.rows};
  table.header.front() = "  " + table.header.front();
  for (auto& row : table.rows)
    row.front() = "  " + row.front();
  table.write(out);
  out << '\n' << wrap(text.note);
}

// The incident after the failover: degraded operation in the recovery region, then the return.
void write_failback(std::ostream& out, const DrillResult& drill, const StrategyReport& result) {
  const auto& f = *drill.failback;
  out << "\nFailback\n";
  if (drill.measurement.recovered_at && *drill.measurement.recovered_at <= f.start)
    out << "  degraded operation    " << format_duration(f.start - *drill.measurement.recovered_at)
        << " in the recovery region\n";
  out << "  began                 " << format_clock(f.start) << ", the original region healthy\n";
  out << "  duration              "
      << (f.duration_s ? format_duration(*f.duration_s) : std::string("unfinished within the horizon")) << '\n';
  out << "  downtime              " << format_duration(f.downtime_s) << '\n';
  out << "  lost writes           " << grouped(f.lost_writes) << '\n';
  if (result.failback)
    out << "  both regions          " << format_figure(Metric::MonthlyCost, result.failback->both_regions_usd.mean)
        << (f.end ? " of extra capacity from the fault until the failback ended\n"
                  : " of extra capacity from the fault to the horizon, the failback unfinished\n");
}

} // namespace

void write_run_text(std::ostream& out, const Report& report) {
  out << "Scenario " << report.scenario << ", seed " << report.seed << "\n";
  for (const auto& result : report.results) {
    for (const auto& drill : result.drills) {
      out << "\nStrategy " << result.strategy << "\n\nTimeline (simulated time since the drill started)\n";
      for (const auto& event : drill.timeline) {
        const std::string kind = name_of(event.kind);
        // Long details hang beside the time and kind, so every line fits 80 columns.
        out << hanging("  " + format_clock(event.time) + "  " + kind +
                           std::string(kind.size() < 22 ? 22 - kind.size() : 1, ' '),
                       event.component + (event.detail.empty() ? "" : ": " + event.detail));
      }
      const auto& m = drill.measurement;
      out << "\nMeasured\n";
      if (m.first_failure)
        out << "  first failed request  " << format_clock(*m.first_failure) << '\n';
      if (m.recovered_at)
        out << "  recovered             " << format_clock(*m.recovered_at) << '\n';
      out << "  RTO                   "
          << (m.rto_s ? format_duration(*m.rto_s) : std::string("unrecovered within the horizon")) << '\n';
      out << "  RPO                   " << format_duration(m.rpo_s) << '\n';
      out << "  lost writes           " << grouped(m.lost_writes) << '\n';
      if (m.lost_writes > 0) {
        out << "  data loss             " << format_duration(m.data_loss_s) << '\n';
        out << "  discarded writes      " << grouped(m.discarded_writes) << '\n';
      }
      if (m.conflict_lost_writes > 0)
        out << "  conflicting writes    " << grouped(m.conflict_lost_writes)
            << " updates dropped by last writer wins\n";
      out << "  availability          " << percent(m.availability, 4) << '\n';
      if (drill.corrupt_requests > 0)
        out << "  served corrupt data   " << grouped(drill.corrupt_requests)
            << " requests, before the corruption was found\n";
      if (drill.lost_objects > 0)
        out << "  lost objects          " << grouped(drill.lost_objects) << '\n';
      out << "  engine steps          " << grouped(static_cast<double>(drill.engine_steps)) << '\n';
      if (!drill.outages.empty()) {
        out << "\nOutages (" << drill.outages.size() << ")\n";
        for (const auto& outage : drill.outages) {
          out << "  " << format_clock(outage.start) << "  "
              << (outage.end ? format_duration(*outage.end - outage.start) : std::string("under way at the horizon"));
          if (outage.end && outage.onset != outage.start)
            out << ", RTO " << format_duration(*outage.end - outage.onset) << " from " << format_clock(outage.onset);
          if (outage.lost_writes > 0)
            out << ", RPO " << format_duration(outage.rpo_s) << ", " << grouped(outage.lost_writes) << " writes lost";
          if (outage.discarded_writes > 0)
            out << " (" << grouped(outage.discarded_writes) << " after its onset)";
          for (std::size_t c = 0; c < outage.causes.size(); ++c)
            out << (c == 0 ? "; " : ", ") << outage.causes[c];
          if (outage.failback)
            out << "; failback";
          out << '\n';
        }
      }
      if (drill.failback)
        write_failback(out, drill, result);
      write_anatomy(out, result);
      write_objectives(out, result);
    }
  }
  if (report.evidence)
    write_evidence_text(out, *report.evidence);
}

} // namespace drsim
