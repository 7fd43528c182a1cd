// The report formats a command writes, in one table: its --format help, the message for a format it does not
// know and the choice of writer all come from it.
#pragma once

#include <cstddef>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace drsim {

struct Report;

// A format's name and what --help says of it in parentheses, e.g. "the timeline" (empty for nothing).
struct FormatName {
  std::string name;
  std::string note;
};
// "text (default), json, markdown, html or csv (the timeline)": the first is the default.
std::string formats_help(const std::vector<FormatName>& formats);
// The place of the format named `name`; throws UsageError naming those there are when there is none.
std::size_t format_index(const std::vector<FormatName>& formats, const std::string& name);

// A format of what a command reports: a Report, or a sweep's figures.
template <class Result = Report> struct ReportFormat {
  std::string name;
  std::string note; //!< what --help says of it in parentheses, e.g. "the timeline"; empty for nothing
  std::function<void(std::ostream& out, const Result& result)> write;
};

template <class Result = Report> class ReportFormats {
public:
  // The first format is the default.
  explicit ReportFormats(std::vector<ReportFormat<Result>> formats) : formats_(std::move(formats)) {}

  const std::string& default_name() const { return formats_.front().name; }
  // "text (default), json, markdown, html or csv (the timeline)".
  std::string help() const { return formats_help(format_names()); }
  // "text|json|markdown|html|csv", for a usage line.
  std::string choices() const {
    std::string choices;
    for (const auto& format : formats_)
      choices += (choices.empty() ? "" : "|") + format.name;
    return choices;
  }
  // "text", "json", ...: the values --format takes.
  std::vector<std::string> names() const {
    std::vector<std::string> names;
    for (const auto& format : formats_)
      names.push_back(format.name);
    return names;
  }
  // The format named `name`; throws UsageError naming those there are when there is none.
  const ReportFormat<Result>& find(const std::string& name) const {
    return formats_[format_index(format_names(), name)];
  }

private:
  std::vector<FormatName> format_names() const {
    std::vector<FormatName> names;
    for (const auto& format : formats_)
      names.push_back({format.name, format.note});
    return names;
  }

  std::vector<ReportFormat<Result>> formats_;
};

} // namespace drsim
