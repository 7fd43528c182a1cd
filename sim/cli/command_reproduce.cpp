// `drsim reproduce REPORT.json`: finds the inputs a report's evidence names, checks their SHA-256, runs the same
// drills again and confirms the same figures, or names what differs.

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <sstream>
#include <thread>

#include <boost/program_options.hpp>
#include <fmt/format.h>

#include "reports/evidence_report.hpp"
#include "reports/figures.hpp"
#include "sim/cli/cli.hpp"
#include "sim/cli/commands.hpp"
#include "sim/cli/evidence.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/version.hpp"
#include "sim/input/json_parse.hpp"

namespace po = boost::program_options;
using nlohmann::json;

namespace drsim {
namespace {

// The evidence of a JSON report, each field checked where it stands.
class EvidenceReader {
public:
  EvidenceReader(const json& document, std::string file) : file_(std::move(file)) {
    if (!document.is_object() || !document.contains("evidence") || !document["evidence"].is_object())
      fail("/evidence", "missing; expected the \"evidence\" object of a report that drsim run, compare or check "
                        "wrote");
    evidence_ = &document["evidence"];
  }

  Evidence read() const {
    Evidence evidence;
    evidence.drsim_version = text("drsim_version");
    evidence.build_type = text("build_type");
    evidence.command = text("command");
    if (evidence.command != "run" && evidence.command != "compare" && evidence.command != "check")
      fail("/evidence/command", "'" + evidence.command +
                                    "' is not a command that makes a report; expected run, "
                                    "compare or check");
    const auto& inputs = field("inputs");
    if (!inputs.is_array() || inputs.empty())
      fail("/evidence/inputs", "expected an array of the input files, the scenario first");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const auto pointer = "/evidence/inputs/" + std::to_string(i);
      const auto& input = inputs[i];
      for (const char* key : {"role", "path", "sha256"})
        if (!input.is_object() || !input.contains(key) || !input[key].is_string())
          fail(pointer, std::string("expected an object with the string \"") + key + "\"");
      evidence.inputs.push_back(
          {input["role"].get<std::string>(), input["path"].get<std::string>(), input["sha256"].get<std::string>()});
    }
    if (evidence.inputs.front().role != "scenario")
      fail("/evidence/inputs/0/role", "expected \"scenario\": the scenario file comes first");
    evidence.resolved_sha256 = text("resolved_scenario_sha256");
    const auto& seed = field("seed");
    if (!seed.is_number_unsigned())
      fail("/evidence/seed", "expected an integer from 0 to 18446744073709551615");
    evidence.seed = seed.get<std::uint64_t>();
    evidence.runs = count("/evidence/runs", field("runs"));
    const auto& settings = field("settings");
    if (!settings.is_object())
      fail("/evidence/settings", "expected an object");
    const auto optional = [&](const char* key) -> const json* {
      const auto found = settings.find(key);
      return found == settings.end() || found->is_null() ? nullptr : &*found;
    };
    auto& s = evidence.settings;
    if (const auto* strategy = optional("strategy")) {
      if (!strategy->is_string())
        fail("/evidence/settings/strategy", "expected a strategy's name or null");
      s.strategy = strategy->get<std::string>();
    }
    if (const auto* precision = optional("precision_percent")) {
      if (!precision->is_number())
        fail("/evidence/settings/precision_percent", "expected a percentage or null");
      s.precision_percent = precision->get<double>();
      s.max_runs = count("/evidence/settings/max_runs", settings.value("max_runs", json()));
      s.batch_runs = count("/evidence/settings/batch_runs", settings.value("batch_runs", json()));
    }
    s.keep_going = settings.value("keep_going", json(false)) == json(true);
    if (const auto* timeout = optional("drill_timeout_s")) {
      if (!timeout->is_number())
        fail("/evidence/settings/drill_timeout_s", "expected seconds or null");
      s.drill_timeout_s = timeout->get<double>();
    }
    if (const auto* set = optional("set")) {
      if (!set->is_array() || !std::all_of(set->begin(), set->end(), [](const json& item) { return item.is_string(); }))
        fail("/evidence/settings/set", "expected the --set settings as an array of strings");
      s.set = set->get<std::vector<std::string>>();
    }
    evidence.ran_at = text("ran_at");
    return evidence;
  }

private:
  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    throw InputError({{file_, pointer, message}});
  }
  const json& field(const std::string& key) const {
    if (!evidence_->contains(key))
      fail("/evidence", "missing required key \"" + key + "\"");
    return (*evidence_)[key];
  }
  std::string text(const std::string& key) const {
    const auto& value = field(key);
    if (!value.is_string())
      fail("/evidence/" + key, "expected a string");
    return value.get<std::string>();
  }
  int count(const std::string& pointer, const json& value) const {
    if (!value.is_number_integer() || value.get<std::int64_t>() < 1 || value.get<std::int64_t>() > 10'000'000)
      fail(pointer, "expected a number of drills from 1 to 10000000");
    return value.get<int>();
  }

  std::string file_;
  const json* evidence_ = nullptr;
};

// Where an input the evidence names is now: its recorded path, or under `inputs_dir` the longest tail of that path
// that exists there (a pack holds its inputs under their common directory). Empty when it is nowhere.
std::string locate(const std::string& recorded, const std::string& inputs_dir) {
  namespace fs = std::filesystem;
  if (inputs_dir.empty())
    return fs::is_regular_file(recorded) ? recorded : "";
  const fs::path path = fs::path(recorded).relative_path();
  std::vector<fs::path> parts(path.begin(), path.end());
  for (std::size_t first = 0; first < parts.size(); ++first) {
    fs::path candidate = inputs_dir;
    for (std::size_t i = first; i < parts.size(); ++i)
      candidate /= parts[i];
    if (fs::is_regular_file(candidate))
      return candidate.lexically_normal().string();
  }
  return "";
}

// The topology file a scenario file names, relative to it, as the scenario reader finds it; empty when it names none.
std::string topology_of(const std::string& scenario_file) {
  std::vector<Diagnostic> unread;
  const auto document = read_json_file(scenario_file, unread);
  if (!document || !document->is_object() || !document->contains("topology") || !(*document)["topology"].is_string())
    return "";
  return (std::filesystem::path(scenario_file).parent_path() / (*document)["topology"].get<std::string>())
      .lexically_normal()
      .string();
}

// The command line that made the report, with `scenario` for the scenario file and the JSON format.
std::vector<std::string> rerun_arguments(const Evidence& evidence, const std::string& scenario, int jobs) {
  std::vector<std::string> args{scenario, "--seed", std::to_string(evidence.seed), "--format", "json"};
  const auto& s = evidence.settings;
  for (const auto& setting : s.set)
    args.insert(args.end(), {"--set", setting});
  if (evidence.command == "run") {
    if (s.strategy)
      args.insert(args.end(), {"--strategy", *s.strategy});
    return args;
  }
  args.insert(args.end(), {"--jobs", std::to_string(jobs)});
  if (s.precision_percent)
    args.insert(args.end(), {"--runs", std::to_string(s.batch_runs.value_or(evidence.runs)), "--precision",
                             fmt::format("{}", *s.precision_percent), "--max-runs",
                             std::to_string(s.max_runs.value_or(evidence.runs))});
  else
    args.insert(args.end(), {"--runs", std::to_string(evidence.runs)});
  if (s.keep_going)
    args.emplace_back("--keep-going");
  if (s.drill_timeout_s)
    args.insert(args.end(), {"--drill-timeout", fmt::format("{}", *s.drill_timeout_s)});
  return args;
}

// A report's replay commands name the scenario file by the path it was read from: a rerun from where the inputs
// are now names them as the report did, so that only figures are compared.
void replay_as_recorded(json& value, const std::string& now, const std::string& recorded) {
  if (value.is_object()) {
    for (auto& [key, member] : value.items())
      if (key == "replay" && member.is_string() && member.get<std::string>().starts_with(now))
        member = recorded + member.get<std::string>().substr(now.size());
      else
        replay_as_recorded(member, now, recorded);
  } else if (value.is_array()) {
    for (auto& element : value)
      replay_as_recorded(element, now, recorded);
  }
}

// `value` at `pointer` of `document`, as one line of JSON; "(absent)" where there is none.
std::string value_at(const json& document, const std::string& pointer) {
  const json::json_pointer at(pointer);
  return document.contains(at) ? document[at].dump(-1, ' ', false, json::error_handler_t::replace) : "(absent)";
}

} // namespace

int command_reproduce(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string inputs_dir;
  po::options_description visible("Options");
  visible.add_options()("help,h", "print this help and exit")(
      "jobs", po::value(&jobs)->value_name("J"),
      "worker processes for the drills (default: the number of cores); never changes the results")(
      "inputs", po::value(&inputs_dir)->value_name("DIR"),
      "look for the input files under DIR (an evidence pack's inputs/) instead of at their recorded paths");
  const auto vm = parse_command_line(args, visible, "report");

  if (vm.count("help")) {
    out << "Usage: drsim reproduce REPORT.json [--jobs J] [--inputs DIR]\n\n"
           "Reads the evidence of a JSON report that drsim run, compare or check wrote,\n"
           "finds its input files by their recorded paths (or under DIR), checks their\n"
           "SHA-256, runs the same drills with the same seed and runs, and compares the\n"
           "figures (the JSON report without its evidence). It names what differs: an\n"
           "input file that changed, another drsim version, or the first JSON Pointer at\n"
           "which the figures differ.\n\n"
        << visible
        << "\nExit codes: 0 confirmed: the same inputs give the same figures; 1 an input,\n"
           "the version or a figure differs; 2 bad input or usage (no evidence, an input\n"
           "file not found); 3 internal error.\n";
    return exit_ok;
  }
  if (!vm.count("report") || vm["report"].as<std::vector<std::string>>().size() != 1)
    throw UsageError("reproduce needs exactly one REPORT.json; run `drsim reproduce --help`");
  if (jobs < 1 || jobs > 256)
    throw UsageError("--jobs: " + std::to_string(jobs) + " is out of range; expected 1 to 256");
  if (!inputs_dir.empty() && !std::filesystem::is_directory(inputs_dir))
    throw UsageError("--inputs: '" + inputs_dir + "' is not a directory");
  const auto report_file = vm["report"].as<std::vector<std::string>>().front();
  std::vector<Diagnostic> problems;
  auto recorded = read_json_file(report_file, problems);
  if (!recorded)
    throw InputError(problems);
  const Evidence evidence = EvidenceReader(*recorded, report_file).read();

  // The scenario is found by its path; its topology where the scenario names it, as a drill would read it.
  const auto scenario = locate(evidence.inputs.front().path, inputs_dir);
  if (scenario.empty())
    throw InputError({{report_file, "/evidence/inputs/0/path",
                       "the scenario file '" + evidence.inputs.front().path + "' is not there" +
                           (inputs_dir.empty() ? "" : " nor under '" + inputs_dir + "'") +
                           "; give the directory that holds it with --inputs"}});
  for (std::size_t i = 0; i < evidence.inputs.size(); ++i) {
    const auto& input = evidence.inputs[i];
    const std::string found = input.role == "scenario"   ? scenario
                              : input.role == "topology" ? topology_of(scenario)
                                                         : locate(input.path, inputs_dir);
    if (found.empty() && input.role == "topology") {
      out << "drsim reproduce: differs: the " << input.role << " file " << input.path << " changed: the scenario "
          << scenario << " names no topology file now\n";
      return exit_differs;
    }
    const auto sha256 = file_sha256(found);
    if (sha256.empty())
      throw InputError({{report_file, "/evidence/inputs/" + std::to_string(i) + "/path",
                         "the " + input.role + " file '" + (found.empty() ? input.path : found) +
                             "' cannot be read; give the directory that holds it with --inputs"}});
    if (sha256 != input.sha256) {
      out << "drsim reproduce: differs: the " << input.role << " file " << found
          << " changed since the report was made\n  sha256 in the report " << input.sha256
          << "\n  sha256 now           " << sha256 << '\n';
      return exit_differs;
    }
  }

  bool differs = false;
  if (evidence.drsim_version != version || evidence.build_type != build_type) {
    out << "drsim reproduce: differs: the report was made by drsim " << evidence.drsim_version << " ("
        << evidence.build_type << "), this is drsim " << version << " (" << build_type << ")\n";
    differs = true;
  }
  std::ostringstream rerun_text;
  const auto rerun_args = rerun_arguments(evidence, scenario, jobs);
  const int status = evidence.command == "run" ? command_run(rerun_args, rerun_text, err)
                                               : command_compare(rerun_args, rerun_text, err);
  if (status != exit_ok)
    return status;
  std::vector<Diagnostic> unparsed;
  auto rerun = parse_json_text(rerun_text.str(), "the rerun", unparsed);
  if (!rerun)
    throw InputError(unparsed);
  if ((*rerun)["evidence"].value("resolved_scenario_sha256", "") != evidence.resolved_sha256) {
    out << "drsim reproduce: differs: the same input files resolve to another scenario (this drsim's presets or "
           "defaults)\n";
    differs = true;
  }
  recorded->erase("evidence");
  rerun->erase("evidence");
  replay_as_recorded(*rerun, "drsim run " + shell_word(scenario) + " ",
                     "drsim run " + shell_word(evidence.inputs.front().path) + " ");
  const auto patch = json::diff(*recorded, *rerun);
  if (!patch.empty()) {
    auto pointer = patch.front()["path"].get<std::string>();
    // RFC 6902 names an element appended to an array "-"; the reader wants its index, which is where the report ends.
    if (pointer.ends_with("/-")) {
      const json::json_pointer array(pointer.substr(0, pointer.size() - 2));
      const auto recorded_size = recorded->contains(array) ? (*recorded)[array].size() : 0;
      pointer = pointer.substr(0, pointer.size() - 1) + std::to_string(recorded_size);
    }
    out << "drsim reproduce: differs: the figures differ, first at " << pointer << "\n  in the report "
        << value_at(*recorded, pointer) << "\n  now           " << value_at(*rerun, pointer) << '\n';
    return exit_differs;
  }
  if (differs)
    return exit_differs;
  out << "drsim reproduce: confirmed: " << report_file << " (" << evidence_settings_text(evidence)
      << ") has the same figures from the same inputs\n";
  return exit_ok;
}

} // namespace drsim
