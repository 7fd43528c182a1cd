// `drsim validate FILE...`: every problem of every file, one per line, and exit 2 if there is any.

#include <ostream>

#include <boost/program_options.hpp>
#include <nlohmann/json.hpp>

#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/core/errors.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/input/messages.hpp"
#include "sim/input/scenario_reader.hpp"

namespace po = boost::program_options;

namespace drsim {
namespace {

// A bindings file on its own: its format; what it names is checked against a topology by the `fis` commands.
std::string check_bindings_file(const nlohmann::json& document, const std::string& path,
                                std::vector<Diagnostic>& problems) {
  const auto bindings = fis::read_bindings(document, path, problems);
  std::size_t resources = bindings.fleets.size() + bindings.databases.size() + bindings.object_stores.size();
  return "bindings" + (bindings.strategy.empty() ? std::string() : " of strategy " + in_quotes(bindings.strategy)) +
         ": " + count_of(bindings.regions.size(), "region", "regions") + ", " +
         count_of(resources, "component", "components") + ", " +
         count_of(bindings.health_urls.size(), "health URL", "health URLs");
}

const OtherInput bindings_input{"drsim_bindings", "a FIS bindings file", check_bindings_file};

} // namespace

int command_validate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  std::string format = "text";
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "format", one_of(&format, {"text", "json"})->value_name("FORMAT"),
      "text (default): each problem on stderr as `FILE: /json/pointer: message`, each valid file on stdout;\n"
      "json: one array of {file, pointer, message} on stdout");
  const auto vm = parse_command_line(args, visible, "file");

  if (vm.count("help")) {
    out << "Usage: drsim validate [--format text|json] FILE...\n\n"
           "Checks topology, scenario and FIS bindings files (told apart by their \"drsim_topology\",\n"
           "\"drsim_scenario\" or \"drsim_bindings\" key): syntax, types, units, ranges and references, including a\n"
           "scenario's topology file and each strategy's overrides. A bindings file is checked on its own; the fis\n"
           "commands check what it names against the scenario's topology. Every problem is printed, not only the\n"
           "first.\n\n"
        << visible << "\nExit codes: 0 every file is valid; 2 a problem in some file, or bad usage.\n";
    return exit_ok;
  }
  if (format != "text" && format != "json")
    throw UsageError("--format: unknown format '" + format + "'; expected text or json");
  if (!vm.count("file"))
    throw UsageError("validate needs at least one FILE; run `drsim validate --help`");

  bool all_valid = true;
  auto report = nlohmann::json::array();
  for (const auto& file : vm["file"].as<std::vector<std::string>>()) {
    const Validation validation = validate_input(file, {&bindings_input, 1});
    all_valid = all_valid && validation.problems.empty();
    if (format == "json") {
      std::size_t unlisted = 0;
      for (const auto& problem : validation.problems)
        if (problem.listed)
          report.push_back({{"file", problem.file}, {"pointer", problem.pointer}, {"message", problem.message}});
        else
          ++unlisted;
      if (unlisted > 0)
        report.push_back({{"file", file}, {"pointer", ""}, {"unlisted_problems", unlisted}});
      for (const auto& warning : validation.warnings)
        report.push_back({{"file", warning.file}, {"pointer", warning.pointer}, {"warning", warning.message}});
    } else {
      for (const auto& warning : validation.warnings)
        err << "drsim: warning: " << warning.str() << '\n';
      if (validation.problems.empty())
        out << file << ": ok (" << validation.summary << ")\n";
      else
        write_diagnostics(err, validation.problems);
    }
  }
  if (format == "json")
    // File names come from the command line and need not be UTF-8; they must not make the report fail.
    out << report.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
  return all_valid ? exit_ok : exit_bad_input;
}

} // namespace drsim
