// `drsim history FILE`: each objective's figure over the checks a history holds (sim/history), oldest first, in text
// for people and JSON for tools.
#pragma once

#include <iosfwd>
#include <vector>

#include "sim/measure/history_entry.hpp"

namespace drsim {

void write_history_text(std::ostream& out, const std::vector<HistoryEntry>& entries);
void write_history_json(std::ostream& out, const std::vector<HistoryEntry>& entries);

} // namespace drsim
