// A scripted training session: the commands a trainee gives, each at a simulated time or a while after an alert
// fires. One entry a line:
//   at 12m promote orders-db --to dr
//   after alb-east-unhealthy +2m ack alb-east-unhealthy
// Blank lines and lines starting with '#' are comments. The same format comes from `--script FILE` or a standard
// input that is not a terminal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/topology.hpp"
#include "sim/training/command.hpp"

namespace drsim {

struct ScriptEntry {
  std::optional<double> at; //!< drill time; absent: `delay` after `after_alert` fires
  std::string after_alert;
  double delay = 0;
  TraineeCommand command;
  int line = 0; //!< in the script, from 1
};

// The alerts that the topology can raise, by name (alerts.hpp), so that a script naming one can be checked before
// any drill.
std::vector<std::string> alert_names(const Topology& topology);

// Throws InputError naming `file`, the line and the fix for each bad line.
std::vector<ScriptEntry> read_script(std::string_view text, const std::string& file, const Strategy& strategy);

} // namespace drsim
