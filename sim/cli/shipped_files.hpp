// The reference topologies and scenarios of scenarios/, built into the binary so that `drsim init` derives its
// templates from the files that are shipped and tested rather than from a second copy.
#pragma once

#include <span>
#include <string_view>

namespace drsim {

struct ShippedFile {
  std::string_view path; // relative to scenarios/, e.g. "topologies/web-shop.json"
  std::string_view text;
};

// Generated at build time from scenarios/*.json and scenarios/topologies/*.json.
std::span<const ShippedFile> shipped_files();

} // namespace drsim
