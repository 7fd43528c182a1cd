// `drsim history FILE`: each objective's figure over the checks a history file holds (`drsim check --history`).

#include <ostream>

#include <boost/program_options.hpp>

#include "reports/history_report.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/output.hpp"
#include "sim/core/errors.hpp"
#include "sim/history/store.hpp"

namespace po = boost::program_options;

namespace drsim {

int command_history(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  std::string format = "text";
  std::string output;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "format", one_of(&format, {"text", "json", "html"})->value_name("FORMAT"), "text (default), json or html")(
      "output", po::value(&output)->value_name("FILE"), "write the history to FILE instead of stdout");
  const auto vm = parse_command_line(args, visible, "file");

  if (vm.count("help")) {
    out << "Usage: drsim history FILE [--format text|json|html] [--output F]\n\n"
           "Prints every objective's figure over the checks that `drsim check --history FILE`\n"
           "appended, oldest first: when it was checked, the commit, the drills, the figure\n"
           "and the verdict. The trend a team watches between drills. html is one page\n"
           "that plots each objective's figure against when its check ran, its target as a\n"
           "line, and opens offline.\n\n"
        << visible << "\nExit codes: 0 done; 2 bad usage, or FILE is not a drsim history.\n";
    return exit_ok;
  }
  if (format != "text" && format != "json" && format != "html")
    throw UsageError("--format: unknown format '" + format + "'; expected text, json or html");
  const auto files = vm.count("file") ? vm["file"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (files.size() != 1)
    throw UsageError("history needs one FILE; run `drsim history --help`");
  const auto entries = read_history(files.front());
  ResultOutput result(out, output);
  if (format == "json")
    write_history_json(result.stream(), entries);
  else if (format == "html")
    write_history_html(result.stream(), entries);
  else
    write_history_text(result.stream(), entries);
  result.commit();
  return exit_ok;
}

} // namespace drsim
