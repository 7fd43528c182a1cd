// How a declared parameter (sim/core/parameters.hpp) is written for people: its range in words, as `drsim validate`
// and the README say it; its default as the JSON a user would write; and the README's tables of them, which
// `cmake --build --preset release --target readme` rewrites.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/core/parameters.hpp"

namespace drsim {

// "at most 2d", "from 5s to 5m", "greater than zero", "greater than 0 and at most 1", "from 1 to 10", "10s or 30s";
// empty when the parameter's type is its only bound.
std::string range_text(const Parameter& parameter);
// The type as the README's tables write it: "duration", "integer", "number (USD per hour)".
std::string type_text(const Parameter& parameter);
// The default as the README's tables write it, in Markdown: "`\"60s\"`", "*required*", "none: found at once", with
// the declaration's condition ("... for engine \"aurora\"").
std::string default_text(const Parameter& parameter);
// `value`, in the base unit, as a user writes it: "60s" for a duration declared in seconds, 3 for an integer.
nlohmann::json written_value(const Parameter& parameter, double value);
// The default as a user would write it; null when there is none.
nlohmann::json default_json(const Parameter& parameter);

// A markdown table of `parameters` (key, type, default, range, meaning, source of the default), the keys written
// relative to `location`.
std::string parameter_table_markdown(std::string_view location, std::span<const Parameter* const> parameters);

// `text` (the README) with every block between a line "<!-- parameters FILE LOCATION -->" (FILE "topology" or
// "scenario"; LOCATION a JSON Pointer pattern, empty for the whole file) and a line "<!-- end of parameters -->"
// replaced by the table of the declared parameters of that file under that location; a parameter under the locations
// of two blocks goes to the longer. Throws std::runtime_error when a parameter has no block, a block has no
// parameter or is not closed.
std::string update_parameter_reference(std::string_view text);

} // namespace drsim
