#include "sim/input/file_kind.hpp"

#include <array>
#include <filesystem>

#include "sim/input/messages.hpp"

namespace drsim {
namespace {

struct FileKind {
  std::string_view marker;
  std::string_view what;
};

constexpr std::array<FileKind, 3> kinds{{{"drsim_topology", "a topology file"},
                                         {"drsim_scenario", "a scenario file"},
                                         {"drsim_bindings", "a FIS bindings file"}}};

std::string described(const FileKind& kind) {
  return std::string(kind.what) + " (\"" + std::string(kind.marker) + "\")";
}

} // namespace

std::optional<std::string> wrong_kind_of_file(const nlohmann::json& document, std::string_view expected_marker,
                                              const std::string& path) {
  if (!document.is_object() || document.contains(expected_marker))
    return std::nullopt;
  const FileKind* expected = nullptr;
  const FileKind* found = nullptr;
  for (const auto& kind : kinds) {
    if (kind.marker == expected_marker)
      expected = &kind;
    else if (!found && document.contains(kind.marker))
      found = &kind;
  }
  if (!expected || !found)
    return std::nullopt;
  std::string message = "is " + described(*found) + ", not " + described(*expected);
  if (found->marker == "drsim_scenario" && expected->marker == "drsim_topology") {
    const auto topology = document.find("topology");
    if (topology != document.end() && topology->is_string()) {
      const auto topology_file = std::filesystem::path(path).parent_path() / topology->get<std::string>();
      message += "; the topology this scenario names is " + in_quotes(topology_file.lexically_normal().string());
    } else
      message += "; give the topology file";
  } else if (expected->marker == "drsim_scenario")
    message += "; give a scenario file, which names its topology and the faults to inject";
  return message;
}

} // namespace drsim
