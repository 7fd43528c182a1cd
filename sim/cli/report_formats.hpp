// The report formats a command writes, in one table: its --format help, the message for a format it does not
// know and the choice of writer all come from it.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

namespace drsim {

struct Report;

struct ReportFormat {
  std::string name;
  std::string note; //!< what --help says of it in parentheses, e.g. "the timeline"; empty for nothing
  std::function<void(std::ostream& out, const Report& report)> write;
};

class ReportFormats {
public:
  // The first format is the default.
  explicit ReportFormats(std::vector<ReportFormat> formats) : formats_(std::move(formats)) {}

  const std::string& default_name() const { return formats_.front().name; }
  // "text (default), json, markdown, html or csv (the timeline)".
  std::string help() const;
  // "text|json|markdown|html|csv", for a usage line.
  std::string choices() const;
  // "text", "json", ...: the values --format takes.
  std::vector<std::string> names() const;
  // The format named `name`; throws UsageError naming those there are when there is none.
  const ReportFormat& find(const std::string& name) const;

private:
  std::vector<ReportFormat> formats_;
};

} // namespace drsim
