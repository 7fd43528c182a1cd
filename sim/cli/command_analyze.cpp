#include "sim/cli/commands.hpp"

#include <fstream>
#include <ostream>
#include <sstream>

#include <boost/program_options.hpp>

#include "sim/analysis/analysis.hpp"
#include "sim/cli/cli.hpp"
#include "sim/core/errors.hpp"
#include "sim/input/topology_reader.hpp"

namespace po = boost::program_options;

namespace drsim {

int command_analyze(const std::vector<std::string>& args, std::ostream& out, std::ostream&) {
  po::options_description options("Options");
  options.add_options()("help,h", "print this help and exit")(
      "format", one_of(nullptr, {"text", "json"})->default_value("text")->value_name("FORMAT"), "text or json")(
      "output,o", po::value<std::string>()->value_name("FILE"), "write the result to FILE instead of stdout");
  const auto vm = parse_command_line(args, options, "topology");

  if (vm.count("help")) {
    out << "Usage: drsim analyze TOPOLOGY [--format text|json] [--output FILE]\n\n"
           "Single points of failure (components, regions and AZs whose loss alone leaves a client population\n"
           "without a working path), data without a copy in another region or AZ, and the blast radius of losing\n"
           "each region and each AZ. A static answer from the dependency graph: what breaks, not for how long.\n\n"
        << options;
    return exit_ok;
  }
  const auto files = vm.count("topology") ? vm["topology"].as<std::vector<std::string>>() : std::vector<std::string>{};
  if (files.size() != 1)
    throw UsageError("analyze needs exactly one topology file; run `drsim analyze --help`");
  const auto format = vm["format"].as<std::string>();
  if (format != "text" && format != "json")
    throw UsageError("--format: unknown format '" + format + "'; expected text or json");

  const Analysis analysis = analyze(load_topology_file(files.front()));
  std::ostringstream report;
  if (format == "json")
    report << to_json(analysis).dump(2) << '\n';
  else
    write_text(report, analysis);

  if (!vm.count("output")) {
    out << report.str();
    return exit_ok;
  }
  const auto path = vm["output"].as<std::string>();
  std::ofstream file(path, std::ios::binary);
  file << report.str();
  file.close();
  if (!file)
    throw UsageError("--output: cannot write '" + path + "'");
  return exit_ok;
}

} // namespace drsim
