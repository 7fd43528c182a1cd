// The JSON report: the contract of the product (drsim_report 1), plus the timeline of each drill for `run`.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/measure/report.hpp"

namespace drsim {

nlohmann::ordered_json report_to_json(const Report& report, bool with_timeline);
void write_json_report(std::ostream& out, const Report& report, bool with_timeline);

// The pieces of a report's JSON that other JSON writers (a sweep's) share, so that a figure reads the same in each.
// A summary at the resolution `step` (1e-3 for seconds, 1 for writes) with its 95 % intervals; null when empty.
nlohmann::ordered_json summary_json(const Summary& s, double step);
// [low, high] at the resolution `step`, a side the drills cannot bound null; null for no interval.
nlohmann::ordered_json interval_json(const std::optional<Interval>& interval, double step);
// The judged objectives, each worst drill with the command `replay` gives for its seed.
nlohmann::ordered_json objectives_json(const std::vector<ObjectiveResult>& objectives,
                                       const std::function<std::string(std::uint64_t seed)>& replay);

} // namespace drsim
