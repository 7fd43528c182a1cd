// Colours of the charts: a strategy keeps its colour in every chart of every report, and client populations have
// theirs. Okabe-Ito hues, which the common colour-vision deficiencies tell apart.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace drsim::svg {

// The colour of each strategy of a report, in the report's order. The four presets' names (backup-restore,
// pilot-light, warm-standby, active-active) have theirs, and a name that starts with one takes it when no other
// strategy of the report has it; any other name takes the colour its name hashes to, or the next one no strategy
// of the report has yet. So a strategy's colour depends on its name, not on its place in the file.
std::vector<std::string> strategy_colours(const std::vector<std::string>& names);

// The colour of the index-th client population of a run chart, which shares its chart with red (the fault), green
// (recovery) and orange (alarms).
std::string population_colour(std::size_t index);

} // namespace drsim::svg
