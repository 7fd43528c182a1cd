#include "sim/training/record.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"
#include "sim/input/messages.hpp"

namespace drsim {

namespace {

// The version of the record's format, in its "drsim_training_session" member: a record of another version gives
// other drills or none, so it is refused rather than replayed. Version 2: a command acts after everything else of its
// instant (World::finish_instant), so a version 1 record could replay to another drill.
constexpr int record_format_version = 2;

} // namespace

void write_record(std::ostream& out, const SessionRecord& record) {
  nlohmann::json commands = nlohmann::json::array();
  for (const auto& command : record.commands)
    commands.push_back({{"at_s", command.at}, {"command", command.text}});
  const nlohmann::json document{{"drsim_training_session", record_format_version},
                                {"scenario", record.scenario_file},
                                {"scenario_sha256", record.scenario_sha256},
                                {"strategy", record.strategy},
                                {"seed", record.seed},
                                {"runs", record.runs},
                                {"commands", commands}};
  out << document.dump(2) << '\n';
}

namespace {

[[noreturn]] void refuse(const std::string& file, const std::string& pointer, const std::string& message) {
  throw InputError({{file, pointer, message}});
}

} // namespace

SessionRecord read_record(const std::string& text, const std::string& file) {
  auto problem = [&](const std::string& pointer, const std::string& message) { refuse(file, pointer, message); };
  const auto document = nlohmann::json::parse(text, nullptr, false);
  if (document.is_discarded() || !document.is_object())
    problem("", "not a JSON object: a session record is what `drsim train --record FILE` writes");
  const auto version = document.find("drsim_training_session");
  if (version == document.end())
    problem("/drsim_training_session", "missing: this is not a training session record");
  const auto supported = std::to_string(record_format_version);
  if (!version->is_number_integer())
    problem("/drsim_training_session",
            "expected the record's format version, " + supported + ", not " + version->dump());
  if (*version != record_format_version)
    problem("/drsim_training_session", "the record is of format version " + version->dump() +
                                           "; this drsim reads version " + supported +
                                           ": replay it with the drsim that recorded it");
  SessionRecord record;
  auto string_at = [&](const char* key) {
    if (!document.contains(key) || !document[key].is_string())
      refuse(file, std::string("/") + key, "expected a string");
    return document[key].get<std::string>();
  };
  record.scenario_file = string_at("scenario");
  record.scenario_sha256 = string_at("scenario_sha256");
  record.strategy = string_at("strategy");
  if (!document.contains("seed") || !document["seed"].is_number_unsigned())
    problem("/seed", "expected an unsigned integer");
  record.seed = document["seed"].get<std::uint64_t>();
  // Read wide, so that a count past int's range is refused rather than wrapped; the drills' own limit is the
  // Monte Carlo's, as for --runs.
  constexpr std::int64_t most_runs = std::numeric_limits<int>::max();
  if (!document.contains("runs") || !document["runs"].is_number_integer() || document["runs"].get<std::int64_t>() < 1 ||
      document["runs"].get<std::int64_t>() > most_runs)
    problem("/runs", "expected a whole number of drills from 1 to " + std::to_string(most_runs));
  record.runs = document["runs"].get<int>();
  if (!document.contains("commands") || !document["commands"].is_array())
    problem("/commands", "expected an array");
  for (std::size_t i = 0; i < document["commands"].size(); ++i) {
    const auto& item = document["commands"][i];
    const auto pointer = "/commands/" + std::to_string(i);
    if (!item.is_object() || !item.contains("at_s") || !item["at_s"].is_number() || !item.contains("command") ||
        !item["command"].is_string())
      problem(pointer, "expected {\"at_s\": SECONDS, \"command\": TEXT}");
    // A replay applies each command at its drill time: one before the drill or past any horizon was not recorded.
    if (const double at = item["at_s"].get<double>(); !(at >= 0) || !std::isfinite(at))
      problem(pointer + "/at_s", "expected a drill time in seconds, at least 0");
    record.commands.push_back({item["at_s"].get<double>(), item["command"].get<std::string>()});
  }
  return record;
}

std::vector<ScriptEntry> record_script(const SessionRecord& record, const std::string& file, const Strategy& strategy) {
  std::vector<ScriptEntry> script;
  for (std::size_t i = 0; i < record.commands.size(); ++i) {
    auto parsed = parse_command(record.commands[i].text, strategy);
    if (!parsed.command)
      throw InputError({{file, "/commands/" + std::to_string(i) + "/command",
                         parsed.error.empty() ? "not a command" : parsed.error}});
    ScriptEntry entry;
    entry.at = record.commands[i].at;
    entry.command = std::move(*parsed.command);
    entry.line = static_cast<int>(i) + 1;
    script.push_back(std::move(entry));
  }
  return script;
}

} // namespace drsim
