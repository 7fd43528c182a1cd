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

} // namespace drsim
