// Which kind of drsim input a document is, told by its marker key, so that a command given the wrong kind of file
// says so in one line instead of listing every key of the other kind as unknown.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace drsim {

// When `document` carries the marker of another kind of input than `expected_marker` ("drsim_topology",
// "drsim_scenario") and not its own: what it is and what was expected instead. `path` locates the topology a
// scenario names, which is what a command expecting a topology wants.
std::optional<std::string> wrong_kind_of_file(const nlohmann::json& document, std::string_view expected_marker,
                                              const std::string& path);

} // namespace drsim
