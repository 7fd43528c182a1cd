// The anatomy of a drill's RTO (sim/measure/rto_anatomy.hpp) as a table, the same in text, Markdown and HTML: one
// row per phase, from the fault's onset to the recovery, with its share of the RTO. Over many drills (`compare`), one
// row per phase with its median, the drills that went through it and its share of the median RTO.
#pragma once

#include <string>
#include <vector>

#include "sim/measure/rto_anatomy.hpp"

namespace drsim {

struct RtoAnatomyText {
  std::vector<std::string> header; //!< phase, runbook step, from, took, share
  std::vector<bool> right;         //!< which columns are numbers
  std::vector<std::vector<std::string>> rows;
  std::string note; //!< what the phases are and whether they add up to the RTO
};

RtoAnatomyText rto_anatomy_text(const RtoAnatomy& anatomy);
RtoAnatomyText rto_anatomy_text(const RtoAnatomyMedians& medians);

// The heading of a strategy's medians: "pilot-light: median RTO 14m 05s over 40 recovered drills".
std::string rto_anatomy_heading(const std::string& strategy, const RtoAnatomyMedians& medians);

} // namespace drsim
