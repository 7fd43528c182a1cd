#include "sim/cli/report_formats.hpp"

#include <algorithm>

#include "sim/core/errors.hpp"

namespace drsim {
namespace {

// "a, b or c".
std::string listed(const std::vector<std::string>& words) {
  std::string list;
  for (std::size_t i = 0; i < words.size(); ++i)
    list += (i == 0 ? "" : i + 1 == words.size() ? " or " : ", ") + words[i];
  return list;
}

} // namespace

std::string formats_help(const std::vector<FormatName>& formats) {
  std::vector<std::string> words;
  for (const auto& format : formats) {
    std::string note = &format == &formats.front() ? "default" : "";
    if (!format.note.empty())
      note += (note.empty() ? "" : "; ") + format.note;
    words.push_back(note.empty() ? format.name : format.name + " (" + note + ")");
  }
  return listed(words);
}

std::size_t format_index(const std::vector<FormatName>& formats, const std::string& name) {
  std::vector<std::string> names;
  for (const auto& format : formats) {
    if (format.name == name)
      return names.size();
    names.push_back(format.name);
  }
  throw UsageError("--format: unknown format '" + name + "'; expected " + listed(names));
}

} // namespace drsim
