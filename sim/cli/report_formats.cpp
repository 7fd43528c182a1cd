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

std::string ReportFormats::help() const {
  std::vector<std::string> words;
  for (const auto& format : formats_) {
    std::string note = &format == &formats_.front() ? "default" : "";
    if (!format.note.empty())
      note += (note.empty() ? "" : "; ") + format.note;
    words.push_back(note.empty() ? format.name : format.name + " (" + note + ")");
  }
  return listed(words);
}

std::vector<std::string> ReportFormats::names() const {
  std::vector<std::string> names;
  for (const auto& format : formats_)
    names.push_back(format.name);
  return names;
}

std::string ReportFormats::choices() const {
  std::string choices;
  for (const auto& format : formats_)
    choices += (choices.empty() ? "" : "|") + format.name;
  return choices;
}

const ReportFormat& ReportFormats::find(const std::string& name) const {
  const auto found =
      std::find_if(formats_.begin(), formats_.end(), [&](const ReportFormat& format) { return format.name == name; });
  if (found != formats_.end())
    return *found;
  throw UsageError("--format: unknown format '" + name + "'; expected " + listed(names()));
}

} // namespace drsim
