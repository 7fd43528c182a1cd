// Where things stand in a scenario file, for messages that point at a line: CI annotations of an objective.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace drsim {

// The 1-based line on which each element of the top-level "objectives" array of the JSON `text` starts, in order;
// empty when the text is not a JSON object with such an array.
std::vector<std::size_t> objective_lines(std::string_view text);

} // namespace drsim
