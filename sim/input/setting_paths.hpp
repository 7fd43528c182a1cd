// Where a `--set` path lands in a JSON document (sim/core/settings.hpp for the path's words), and the setting applied
// there before the document is read.
#pragma once

#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/core/settings.hpp"

namespace drsim {

// A setting as applied: the JSON Pointer its path resolved to in the document, and the setting as given.
struct AppliedSetting {
  std::string pointer;
  std::string text;
};

// Applies `settings` to `document` (read from `file`) in order, each path taken from after `prefix` ("topology."
// for the topology document, "" for the scenario), except those under `except` (the scenario leaves "topology." to
// the topology file it names). A key the document lacks is added, so that the reader checks
// it like any key written in the file (an unknown one gets its "did you mean"); a list element that the path names
// by no name, target or index is a problem at the list, with the elements' names and a "did you mean".
std::vector<AppliedSetting> apply_settings(nlohmann::json& document, const std::string& file,
                                           std::span<const Setting> settings, const std::string& prefix,
                                           std::vector<Diagnostic>& problems, const std::string& except = "");

// Says, in every problem of `file` at or under an applied setting's pointer, which setting made the value.
void attribute_problems(std::vector<Diagnostic>& problems, const std::string& file,
                        std::span<const AppliedSetting> applied);

} // namespace drsim
