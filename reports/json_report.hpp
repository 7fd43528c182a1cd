// The JSON report: the contract of the product (drsim_report 1), plus the timeline of each drill for `run`.
#pragma once

#include <iosfwd>

#include <nlohmann/json.hpp>

#include "sim/measure/report.hpp"

namespace drsim {

nlohmann::ordered_json report_to_json(const Report& report, bool with_timeline);
void write_json_report(std::ostream& out, const Report& report, bool with_timeline);

} // namespace drsim
