// What a trainee types: one command a line, parsed and checked against the strategy (its topology; its runbook for a
// facilitator's step-unreachable fault) without any simulation, with the messages `validate` gives (a misspelt name
// gets "did you mean"). The actions map one to one to runbook steps, so a command does exactly what the runbook's
// step of that action does.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/core/topology.hpp"

namespace drsim {

enum class CommandKind {
  Action,   //!< promote, dns switch, scale, restore, failback: `step` says what it does
  Inject,   //!< a facilitator's fault: `fault`, lasting `fault_duration` (absent: past the horizon)
  Wait,     //!< `wait_s`: let the clock run on unpaced for that long, or until an alert fires
  Ack,      //!< acknowledges an alert: `argument` is its name
  Note,     //!< `argument`: the text
  Status,   //!< the dashboards
  Timeline, //!< alerts, actions and what the consoles showed, so far
  Help,
  Pause,
  Resume,
  Speed, //!< `speed`: simulated seconds per wall-clock second
  End,   //!< the trainee ends the session
};

struct TraineeCommand {
  CommandKind kind = CommandKind::Help;
  std::string text; //!< the command's words joined by single spaces: how it is recorded and replayed
  RunbookStep step; //!< Action: the runbook step it stands for
  std::string argument;
  double speed = 0;
  Fault fault;
  std::optional<double> fault_duration;
  double wait_s = 0;
};

struct ParsedCommand {
  std::optional<TraineeCommand> command;
  std::string error; //!< when there is no command: what is wrong and what would be right
};

// Empty lines and lines starting with '#' are not commands: `command` and `error` are both empty.
ParsedCommand parse_command(std::string_view line, const Strategy& strategy);

// The commands, one a line with their arguments, for `help`.
std::string command_help();

// Whether two actions do the same thing to the same components (the runbook's step and a trainee's command).
bool same_action(const RunbookStep& a, const RunbookStep& b);

} // namespace drsim
