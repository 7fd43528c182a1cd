// The JSON Schema (draft 2020-12) of an input file, generated from the declarations the readers check
// (input_format.hpp for the structure, parameters.hpp for types, ranges, units and defaults), for editors and for
// validators other than drsim's. What a schema can say, it says: types, required and unknown keys, keys that apply
// only to some kinds of an object, the units of quantities (as patterns), plain number ranges, enums, list lengths
// and names given twice in one list. What it cannot say is checked by `drsim validate` alone: references between
// names, ranges of quantities written with a unit, and rules that compare two values (README, "JSON Schema").
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sim/input/input_format.hpp"

namespace drsim {

// The schema of a file whose root object is `root`, titled `title`.
nlohmann::ordered_json json_schema(const format::Node& root, std::string_view title);

// The same, as the bytes `drsim schema` prints: indented by two spaces, ending with a newline.
std::string json_schema_text(const format::Node& root, std::string_view title);

} // namespace drsim
