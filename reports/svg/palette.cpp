#include "reports/svg/palette.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <utility>

namespace drsim::svg {
namespace {

constexpr std::pair<const char*, const char*> preset_colours[]{{"backup-restore", "#D55E00"},
                                                               {"pilot-light", "#E69F00"},
                                                               {"warm-standby", "#009E73"},
                                                               {"active-active", "#0072B2"}};
// For other names; the presets' colours come last, for a report with more strategies than hues.
constexpr const char* other_colours[]{"#CC79A7", "#56B4E9", "#6A3D9A", "#8C564B", "#000000",
                                      "#999999", "#D55E00", "#E69F00", "#009E73", "#0072B2"};

std::uint64_t hash_of(const std::string& name) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (const unsigned char c : name)
    hash = (hash ^ c) * 0x100000001b3ULL;
  return hash;
}

} // namespace

std::vector<std::string> strategy_colours(const std::vector<std::string>& names) {
  std::vector<std::string> colours(names.size());
  const auto taken = [&](const std::string& colour) {
    return std::find(colours.begin(), colours.end(), colour) != colours.end();
  };
  // Exact names first, so that "active-active" keeps its colour beside "active-active-ttl-300s".
  for (std::size_t i = 0; i < names.size(); ++i)
    for (const auto& [preset, colour] : preset_colours)
      if (names[i] == preset && !taken(colour))
        colours[i] = colour;
  for (std::size_t i = 0; i < names.size(); ++i)
    for (const auto& [preset, colour] : preset_colours)
      if (colours[i].empty() && names[i].starts_with(preset) && !taken(colour))
        colours[i] = colour;
  constexpr auto count = std::size(other_colours);
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!colours[i].empty())
      continue;
    const auto first = static_cast<std::size_t>(hash_of(names[i]) % count);
    std::string chosen = other_colours[first]; // shared only when every hue is taken
    for (std::size_t k = 0; k < count; ++k)
      if (!taken(other_colours[(first + k) % count])) {
        chosen = other_colours[(first + k) % count];
        break;
      }
    colours[i] = chosen;
  }
  return colours;
}

std::string population_colour(std::size_t index) {
  constexpr const char* colours[]{"#0072B2", "#CC79A7", "#6A3D9A", "#56B4E9", "#000000", "#8C564B"};
  return colours[index % std::size(colours)];
}

} // namespace drsim::svg
