#include "sim/training/command.hpp"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>
#include <sstream>

#include "sim/core/parameters.hpp"
#include "sim/core/units.hpp"
#include "sim/input/input_format.hpp"
#include "sim/input/json_node.hpp"
#include "sim/input/json_parse.hpp"
#include "sim/input/messages.hpp"
#include "sim/input/scenario_reader.hpp"

namespace drsim {
namespace {

const std::vector<std::string>& command_words() {
  static const std::vector<std::string> words{"promote", "dns",    "scale", "restore", "failback", "inject",
                                              "wait",    "ack",    "note",  "status",  "timeline", "help",
                                              "pause",   "resume", "speed", "end"};
  return words;
}

struct Words {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;
};

// Splits at blanks; `--name value` and `--name=value` are options. Returns an error, or "".
std::string split(std::string_view line, Words& words, const std::set<std::string>& allowed_options) {
  std::istringstream in{std::string(line)};
  std::vector<std::string> tokens;
  for (std::string token; in >> token;)
    tokens.push_back(token);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& token = tokens[i];
    if (token.rfind("--", 0) != 0) {
      words.positional.push_back(token);
      continue;
    }
    std::string name = token.substr(2);
    std::string value;
    if (const auto equals = name.find('='); equals != std::string::npos) {
      value = name.substr(equals + 1);
      name.resize(equals);
    } else if (i + 1 < tokens.size()) {
      value = tokens[++i];
    } else {
      return "--" + name + " needs a value";
    }
    if (!allowed_options.count(name)) {
      std::vector<std::string> names;
      for (const auto& option : allowed_options)
        names.push_back("--" + option);
      return "unknown option " + in_quotes("--" + name) + suggestion("--" + name, names);
    }
    words.options[name] = value;
  }
  return "";
}

// "" when `name` is one of `allowed`; otherwise the message naming what it should be.
std::string reference(const std::string& name, const std::string& what, const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), name) != allowed.end())
    return "";
  return "no " + what + " " + in_quotes(name) + suggestion(name, allowed);
}

ParsedCommand failure(std::string message) { return {std::nullopt, std::move(message)}; }

struct Choice {
  std::string value;
  std::string error; //!< "" when `value` holds the choice
};

// The `--option` among `choices`: the one given (checked against them, with a suggestion), else the only one.
// `several` says what holds more than one, for the message asking which.
Choice choose(const Words& words, const std::string& option, const std::vector<std::string>& choices,
              const std::string& what, const std::string& several) {
  if (const auto given = words.options.find(option); given != words.options.end()) {
    if (auto error = reference(given->second, what, choices); !error.empty())
      return {"", "--" + option + ": " + error};
    return {given->second, ""};
  }
  if (choices.size() == 1)
    return {choices.front(), ""};
  return {"", several + ": add --" + option + " " + join_alternatives(choices)};
}

ParsedCommand action(const std::string& text, RunbookStep step) {
  TraineeCommand command;
  command.kind = CommandKind::Action;
  command.text = text;
  step.id = "trainee";
  step.manual = true;
  command.step = std::move(step);
  return {command, ""};
}

std::string joined(const Words& words) {
  std::string text;
  for (const auto& word : words.positional)
    text += (text.empty() ? "" : " ") + word;
  for (const auto& [name, value] : words.options)
    text += " --" + name + " " + value;
  return text;
}

ParsedCommand promote(const Words& words, const Topology& topology) {
  if (words.positional.size() != 2)
    return failure("usage: promote DATABASE [--to REPLICA]");
  const auto& name = words.positional[1];
  if (auto error = reference(name, "database", names_of(topology.databases)); !error.empty())
    return failure(error);
  const auto& database = *topology.find_database(name);
  const auto replicas = names_of(database.replicas);
  if (replicas.empty())
    return failure("database " + in_quotes(name) + " has no replica to promote");
  RunbookStep step;
  step.action = StepAction::Promote;
  step.database = name;
  if (const auto to = words.options.find("to"); to != words.options.end()) {
    if (auto error = reference(to->second, "replica of " + name, replicas); !error.empty())
      return failure("--to: " + error);
    step.replica = to->second;
  } else {
    std::vector<std::string> remote;
    for (const auto& replica : database.replicas)
      if (replica.region != database.primary.region)
        remote.push_back(replica.name);
    if (remote.size() != 1)
      return failure("which replica of " + in_quotes(name) +
                     "? add --to REPLICA, one of: " + join_alternatives(replicas));
    step.replica = remote.front();
  }
  return action("promote " + name + " --to " + step.replica, step);
}

ParsedCommand switch_dns(const Words& words, const Topology& topology) {
  if (words.positional.size() != 4 || words.positional[1] != "switch")
    return failure("usage: dns switch RECORD TARGET");
  const auto& record = words.positional[2];
  if (auto error = reference(record, "DNS record", names_of(topology.dns)); !error.empty())
    return failure(error);
  std::vector<std::string> targets;
  for (const auto& endpoint : topology.find_dns_record(record)->endpoints)
    targets.push_back(endpoint.target);
  const auto& target = words.positional[3];
  if (auto error = reference(target, "endpoint of " + record, targets); !error.empty())
    return failure(error);
  RunbookStep step;
  step.action = StepAction::SwitchDns;
  step.record = record;
  step.to = target;
  return action("dns switch " + record + " " + target, step);
}

ParsedCommand scale(const Words& words, const Topology& topology) {
  if (words.positional.size() != 3)
    return failure("usage: scale FLEET N [--region REGION]");
  const auto& name = words.positional[1];
  if (auto error = reference(name, "fleet", names_of(topology.fleets)); !error.empty())
    return failure(error);
  const auto& fleet = *topology.find_fleet(name);
  std::vector<std::string> regions;
  for (const auto& [region, capacity] : fleet.capacity)
    regions.push_back(region);
  const auto [region, region_error] =
      choose(words, "region", regions, "region of fleet " + name,
             "fleet " + in_quotes(name) + " runs in " + count_of(regions.size(), "region", "regions"));
  if (!region_error.empty())
    return failure(region_error);
  const auto& count = words.positional[2];
  int desired = -1;
  const auto [end, status] = std::from_chars(count.data(), count.data() + count.size(), desired);
  const auto& capacity = fleet.capacity.at(region);
  if (status != std::errc{} || end != count.data() + count.size() || desired < capacity.min || desired > capacity.max)
    return failure("N: " + in_quotes(count) + " is not an instance count from " + std::to_string(capacity.min) +
                   " to " + std::to_string(capacity.max) + " (the minimum and maximum of fleet " + name + " in " +
                   region + ")");
  RunbookStep step;
  step.action = StepAction::Scale;
  step.fleet = name;
  step.region = region;
  step.desired = desired;
  return action("scale " + name + " " + count + " --region " + region, step);
}

ParsedCommand restore(const Words& words, const Topology& topology) {
  if (words.positional.size() != 2)
    return failure("usage: restore DATABASE --to latest|TIME [--from BACKUP] [--region REGION]");
  const auto& name = words.positional[1];
  if (auto error = reference(name, "database", names_of(topology.databases)); !error.empty())
    return failure(error);
  const auto to = words.options.find("to");
  std::optional<double> point_in_time;
  if (to != words.options.end() && to->second != "latest")
    point_in_time = parse_duration(to->second);
  if (to == words.options.end() || (to->second != "latest" && !point_in_time))
    return failure("restore needs --to latest (the newest restore point the region holds) or --to TIME, a drill time "
                   "such as 9m or 540s (the newest point holding no write after it)");
  std::vector<std::string> backups;
  for (const auto& backup : topology.backups)
    if (backup.source == name)
      backups.push_back(backup.name);
  if (backups.empty())
    return failure("database " + in_quotes(name) + " has no backup to restore from");
  const auto [backup_name, backup_error] =
      choose(words, "from", backups, "backup of " + name,
             "database " + in_quotes(name) + " has " + count_of(backups.size(), "backup", "backups"));
  if (!backup_error.empty())
    return failure(backup_error);
  const auto& backup = *topology.find_backup(backup_name);
  std::vector<std::string> regions{topology.find_database(name)->primary.region};
  for (const auto& region : backup.copy_to)
    if (std::find(regions.begin(), regions.end(), region) == regions.end())
      regions.push_back(region);
  const auto [region, region_error] =
      choose(words, "region", regions, "region holding " + backup_name,
             backup_name + " is held in " + count_of(regions.size(), "region", "regions"));
  if (!region_error.empty())
    return failure(region_error);
  RunbookStep step;
  step.action = StepAction::Restore;
  step.database = name;
  step.backup = backup_name;
  step.region = region;
  step.restore_to = point_in_time;
  return action("restore " + name + " --to " + to->second + " --from " + backup_name + " --region " + region, step);
}

// A duration option or argument: more than zero, in the units of the scenario file.
std::optional<double> positive_duration(const std::string& text) {
  const auto seconds = parse_duration(text);
  if (!seconds || !(*seconds > 0))
    return std::nullopt;
  return seconds;
}

// Which options a kind of fault takes beside --for: the keys a scenario's fault of that kind takes, but those a
// facilitator's fault has no use for (it strikes now, lasts --for, and a corruption is found at once).
std::vector<std::string> fault_options(FaultKind kind) {
  using namespace parameters;
  static const std::vector<std::string_view> not_options{"kind", "target", fault_onset.key(), fault_duration.key(),
                                                         fault_detection.key()};
  const auto keys = format::key_lists(format::scenario_objects::fault, name_of(kind));
  std::vector<std::string> options;
  for (const auto* list : {&keys.required, &keys.optional})
    for (const auto key : *list)
      if (std::find(not_options.begin(), not_options.end(), key) == not_options.end())
        options.emplace_back(key);
  return options;
}

ParsedCommand inject(const Words& words, const Strategy& strategy) {
  const auto& topology = strategy.topology;
  const auto kinds = written_names<FaultKind>();
  if (words.positional.size() != 3)
    return failure("usage: inject KIND TARGET [--for DURATION] (instance-loss: --region REGION --count N; "
                   "network-partition: --peer REGION), KIND one of: " +
                   join_alternatives(kinds));
  const auto& kind_name = words.positional[1];
  if (auto error = reference(kind_name, "fault kind", kinds); !error.empty())
    return failure(error);
  TraineeCommand command;
  command.kind = CommandKind::Inject;
  auto& fault = command.fault;
  fault.kind = *value_of<FaultKind>(kind_name);
  fault.target = words.positional[2];
  std::vector<std::string> candidates;
  if (fault.kind == FaultKind::StepUnreachable)
    for (const auto& step : strategy.runbook.steps)
      candidates.push_back(step.id);
  else
    candidates = fault_target_candidates(topology, fault.kind);
  if (auto error = reference(fault.target, fault_target_kind(fault.kind), candidates); !error.empty())
    return failure(error);
  const auto takes = fault_options(fault.kind);
  for (const auto& [option, value] : words.options)
    if (option != "for" && std::find(takes.begin(), takes.end(), option) == takes.end())
      return failure("--" + option + " does not apply to a " + kind_name + " fault" +
                     (takes.empty()
                          ? std::string()
                          : "; it takes --" + takes.front() + (takes.size() > 1 ? " and --" + takes[1] : "")));
  command.text = "inject " + kind_name + " " + fault.target;
  if (fault.kind == FaultKind::InstanceLoss) {
    const auto& fleet = *topology.find_fleet(fault.target);
    std::vector<std::string> regions;
    for (const auto& [region, capacity] : fleet.capacity)
      regions.push_back(region);
    const auto [region, region_error] =
        choose(words, "region", regions, "region of fleet " + fault.target,
               "fleet " + in_quotes(fault.target) + " runs in " + count_of(regions.size(), "region", "regions"));
    if (!region_error.empty())
      return failure(region_error);
    fault.region = region;
    if (const auto count = words.options.find("count"); count != words.options.end()) {
      const auto& text = count->second;
      const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), fault.count);
      if (status != std::errc{} || end != text.data() + text.size() || fault.count < 1)
        return failure("--count: " + in_quotes(text) + " is not a number of instances of at least 1");
    }
    command.text += " --region " + fault.region + " --count " + std::to_string(fault.count);
  }
  if (fault.kind == FaultKind::NetworkPartition) {
    const auto peer = words.options.find("peer");
    if (peer == words.options.end())
      return failure("a network partition needs --peer REGION, the region on the other side");
    if (auto error = reference(peer->second, "region", names_of(topology.regions)); !error.empty())
      return failure("--peer: " + error);
    if (peer->second == fault.target)
      return failure("--peer: " + in_quotes(peer->second) + " is the target region itself; expected the other side");
    fault.peer = peer->second;
    command.text += " --peer " + fault.peer;
  }
  if (const auto lasting = words.options.find("for"); lasting != words.options.end()) {
    command.fault_duration = positive_duration(lasting->second);
    if (!command.fault_duration)
      return failure("--for: " + in_quotes(lasting->second) +
                     " is not a duration of more than zero such as 30m; leave --for out for a fault that lasts");
    command.text += " --for " + lasting->second;
  }
  return {command, ""};
}

std::vector<std::string> node_names(const Database& database) {
  std::vector<std::string> nodes{"primary"};
  for (const auto& replica : database.replicas)
    nodes.push_back(replica.name);
  return nodes;
}

ParsedCommand failback(const Words& words, const Topology& topology) {
  const bool resync = words.positional.size() > 1 && words.positional[1] == "resync";
  const bool switch_over = words.positional.size() > 1 && words.positional[1] == "switch-over";
  if (words.positional.size() != 3 || !(resync || switch_over))
    return failure("usage: failback resync DATABASE [--node NODE] [--max-lag DURATION], or failback switch-over "
                   "DATABASE [--node NODE] [--freeze yes|no]");
  const auto& name = words.positional[2];
  if (auto error = reference(name, "database", names_of(topology.databases)); !error.empty())
    return failure(error);
  if (topology.find_database(name)->multi_writer)
    return failure("database " + in_quotes(name) +
                   " takes writes in every region: there is no writer to fail back; scale and switch DNS instead");
  if (resync && words.options.count("freeze"))
    return failure("--freeze belongs to failback switch-over");
  if (switch_over && words.options.count("max-lag"))
    return failure("--max-lag belongs to failback resync");
  RunbookStep step;
  step.action = resync ? StepAction::Resync : StepAction::SwitchOver;
  step.database = name;
  step.replica = "primary";
  if (const auto node = words.options.find("node"); node != words.options.end()) {
    if (auto error = reference(node->second, "node of " + name, node_names(*topology.find_database(name)));
        !error.empty())
      return failure("--node: " + error);
    step.replica = node->second;
  }
  std::string text = "failback " + words.positional[1] + " " + name + " --node " + step.replica;
  if (const auto lag = words.options.find("max-lag"); lag != words.options.end()) {
    const auto seconds = parse_duration(lag->second);
    if (!seconds || !parameters::resync_max_lag.range.contains(*seconds))
      return failure("--max-lag: " + in_quotes(lag->second) + " is not a duration from 0s to 24h such as 5s");
    step.max_lag_s = *seconds;
    text += " --max-lag " + lag->second;
  }
  if (const auto freeze = words.options.find("freeze"); freeze != words.options.end()) {
    if (freeze->second != "yes" && freeze->second != "no")
      return failure("--freeze: expected yes (writes wait for the final sync, none is lost) or no (writes go on to the "
                     "old writer until the cut; what the node lacks then is lost)");
    step.freeze = freeze->second == "yes";
    text += " --freeze " + freeze->second;
  }
  return action(text, step);
}

ParsedCommand wait(const Words& words) {
  const auto seconds = words.positional.size() == 2 ? positive_duration(words.positional[1]) : std::nullopt;
  if (!seconds)
    return failure("usage: wait DURATION, a simulated time of more than zero such as 5m");
  TraineeCommand command;
  command.kind = CommandKind::Wait;
  command.wait_s = *seconds;
  command.text = joined(words);
  return {command, ""};
}

ParsedCommand plain(CommandKind kind, const Words& words) {
  if (words.positional.size() != 1)
    return failure(words.positional.front() + " takes no argument");
  TraineeCommand command;
  command.kind = kind;
  command.text = words.positional.front();
  return {command, ""};
}

} // namespace

ParsedCommand parse_command(std::string_view line, const Strategy& strategy) {
  const auto& topology = strategy.topology;
  // Records and debriefs are JSON and UTF-8 text: a line that is not could be neither recorded nor shown.
  if (invalid_utf8_offset(line) != std::string_view::npos)
    return failure("the line is not UTF-8 text; type it again");
  const auto first = line.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || line[first] == '#')
    return {};
  line.remove_prefix(first);
  const auto word_end = std::min(line.find_first_of(" \t\r\n"), line.size());
  const std::string word(line.substr(0, word_end));
  if (word == "note") {
    auto text = std::string(line.substr(word_end));
    text.erase(0, text.find_first_not_of(" \t"));
    text.erase(text.find_last_not_of(" \t\r\n") + 1);
    if (text.empty())
      return failure("usage: note TEXT");
    TraineeCommand command;
    command.kind = CommandKind::Note;
    command.argument = text;
    command.text = "note " + text;
    return {command, ""};
  }
  static const std::map<std::string, std::set<std::string>> options_of{{"promote", {"to"}},
                                                                       {"scale", {"region"}},
                                                                       {"restore", {"to", "from", "region"}},
                                                                       {"inject", {"for", "region", "count", "peer"}},
                                                                       {"failback", {"node", "max-lag", "freeze"}}};
  const auto options = options_of.find(word);
  Words words;
  if (auto error = split(line, words, options == options_of.end() ? std::set<std::string>{} : options->second);
      !error.empty())
    return failure(options == options_of.end() && line.find("--") != std::string_view::npos ? word + " takes no option"
                                                                                            : error);
  if (word == "promote")
    return promote(words, topology);
  if (word == "dns")
    return switch_dns(words, topology);
  if (word == "scale")
    return scale(words, topology);
  if (word == "restore")
    return restore(words, topology);
  if (word == "failback")
    return failback(words, topology);
  if (word == "inject")
    return inject(words, strategy);
  if (word == "wait")
    return wait(words);
  if (word == "ack") {
    if (words.positional.size() != 2)
      return failure("usage: ack ALERT (the alert's name, as the pager showed it)");
    TraineeCommand command;
    command.kind = CommandKind::Ack;
    command.argument = words.positional[1];
    command.text = joined(words);
    return {command, ""};
  }
  if (word == "speed") {
    double speed = 0;
    const auto& text = words.positional.size() == 2 ? words.positional[1] : std::string();
    const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), speed);
    if (words.positional.size() != 2 || status != std::errc{} || end != text.data() + text.size() || !(speed > 0) ||
        speed > 100000)
      return failure("usage: speed N, N simulated seconds per wall-clock second, more than 0 and at most 100000");
    TraineeCommand command;
    command.kind = CommandKind::Speed;
    command.speed = speed;
    command.text = joined(words);
    return {command, ""};
  }
  static const std::map<std::string, CommandKind> plain_commands{
      {"status", CommandKind::Status}, {"timeline", CommandKind::Timeline}, {"help", CommandKind::Help},
      {"pause", CommandKind::Pause},   {"resume", CommandKind::Resume},     {"end", CommandKind::End}};
  if (const auto found = plain_commands.find(word); found != plain_commands.end())
    return plain(found->second, words);
  return failure("unknown command " + in_quotes(word) + suggestion(word, command_words()) + "; type help");
}

std::string command_help() {
  return "Actions (each takes the time the model gives it):\n"
         "  promote DATABASE [--to REPLICA]    promote a replica to be the writer\n"
         "  dns switch RECORD TARGET           point a DNS record at one endpoint\n"
         "  scale FLEET N [--region REGION]    set a fleet's desired capacity\n"
         "  restore DATABASE --to latest|TIME [--from BACKUP] [--region REGION]\n"
         "                                     restore the newest point a region holds (with no write\n"
         "                                     after TIME, a drill time)\n"
         "  failback resync DATABASE [--node NODE] [--max-lag DURATION]\n"
         "                                     the node (default: primary) replicates from the writer\n"
         "                                     until it lags at most DURATION\n"
         "  failback switch-over DATABASE [--node NODE] [--freeze yes|no]\n"
         "                                     the node becomes the writer again; --freeze yes: writes\n"
         "                                     wait for the final sync, so none is lost\n"
         "Facilitator:\n"
         "  inject KIND TARGET [--for DURATION] a further fault, now (instance-loss: --region R --count N;\n"
         "                                     network-partition: --peer REGION; step-unreachable:\n"
         "                                     a runbook step's id)\n"
         "Pager and notes:\n"
         "  ack ALERT                          acknowledge an alert\n"
         "  note TEXT                          write a note into the session's record\n"
         "Views:\n"
         "  status                             dashboards: clients, DNS, load balancers, fleets, databases\n"
         "  timeline                           alerts, actions and console events so far\n"
         "  help                               this list\n"
         "Clock:\n"
         "  pause, resume                      stop and restart the simulated clock\n"
         "  speed N                            N simulated seconds per wall-clock second\n"
         "  wait DURATION                      let the clock run on unpaced for DURATION, or until an alert\n"
         "  end                                end the session: the drill runs on without you\n";
}

bool same_action(const RunbookStep& a, const RunbookStep& b) {
  if (a.action != b.action)
    return false;
  switch (a.action) {
  case StepAction::Promote:
    return a.database == b.database && a.replica == b.replica;
  case StepAction::SwitchDns:
    return a.record == b.record && a.to == b.to;
  case StepAction::Scale:
    return a.fleet == b.fleet && a.region == b.region && a.desired == b.desired;
  case StepAction::Restore:
    return a.backup == b.backup && a.region == b.region;
  case StepAction::Resync:
  case StepAction::SwitchOver:
    return a.database == b.database && a.replica == b.replica;
  default:
    return false;
  }
}

} // namespace drsim
