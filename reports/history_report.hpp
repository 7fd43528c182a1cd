// `drsim history FILE`: each objective's figure over the checks a history holds (sim/history), oldest first, in text
// for people, JSON for tools, and an HTML page (self-contained, like the other reports) that plots each objective's
// figure against when its check ran.
#pragma once

#include <iosfwd>
#include <vector>

#include "sim/measure/history_entry.hpp"

namespace drsim {

void write_history_text(std::ostream& out, const std::vector<HistoryEntry>& entries);
void write_history_html(std::ostream& out, const std::vector<HistoryEntry>& entries);
void write_history_json(std::ostream& out, const std::vector<HistoryEntry>& entries);

} // namespace drsim
