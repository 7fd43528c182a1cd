#include "reports/rto_anatomy_text.hpp"

#include <fmt/format.h>

#include "sim/core/units.hpp"

namespace drsim {

RtoAnatomyText rto_anatomy_text(const RtoAnatomy& anatomy) {
  RtoAnatomyText text;
  text.header = {"phase", "step", "from", "took", "share"};
  text.right = {false, false, true, true, true};
  const double rto = anatomy.recovered - anatomy.onset;
  for (const auto& phase : anatomy.phases)
    text.rows.push_back({phase.name, phase.step.empty() ? "-" : phase.step, format_clock(phase.start),
                         format_duration(phase.duration()), fmt::format("{:.0f} %", 100 * phase.duration() / rto)});
  text.note = "From the outage's onset at " + format_clock(anatomy.onset) + " to the recovery at " +
              format_clock(anatomy.recovered) + ", the phases add up to the RTO of " + format_duration(rto) +
              ": each runbook step on the path that led to the recovery, and what the timeline shows between them.";
  return text;
}

RtoAnatomyText rto_anatomy_text(const RtoAnatomyMedians& medians) {
  RtoAnatomyText text;
  text.header = {"phase", "median", "drills", "share"};
  text.right = {false, true, true, true};
  for (const auto& phase : medians.phases)
    text.rows.push_back({phase.name, format_duration(phase.median_s), std::to_string(phase.drills),
                         phase.share ? fmt::format("{:.0f} %", 100 * *phase.share) : "-"});
  text.note = "Each phase's median is over the drills that went through it, apart from the other phases: the medians "
              "need not add up to the median RTO, nor the shares to 100 %. The phases of each drill do add up to its "
              "RTO (drsim run shows one drill's).";
  return text;
}

std::string rto_anatomy_heading(const std::string& strategy, const RtoAnatomyMedians& medians) {
  return strategy + ": median RTO " + format_duration(medians.median_rto_s) + " over " +
         std::to_string(medians.drills) + (medians.drills == 1 ? " recovered drill" : " recovered drills");
}

} // namespace drsim
