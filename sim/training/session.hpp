// A training session: one drill of one strategy in which a trainee does the runbook's manual steps (and every
// step after one), by commands given on the simulated clock, while the runbook's automated steps run as in any drill.
// The trainee is one actor on the drill's world: it watches only what an on-call engineer sees (alerts from the
// health checks, the clients' success ratio and the backups; the consoles' events; the dashboards of `status`),
// applies each command at a simulated time, and records it there, so that a replay of the record applies the same
// commands at the same times and gives the same drill without any wall clock.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/engine/drill.hpp"
#include "sim/training/script.hpp"

namespace drsim {

class FaultInjector;
class World;

// Where an interactive session's commands come from, and its wall clock.
class Console {
public:
  virtual ~Console() = default;
  // A line typed within `seconds` of wall-clock time (negative: however long it takes); absent when none came or
  // the console closed.
  virtual std::optional<std::string> read_line(double seconds) = 0;
  virtual bool closed() const = 0;
  virtual double wall_seconds() const = 0; //!< a monotonic wall clock
};

struct Alert {
  std::string name;
  std::string text;
  double fired = 0;
  std::optional<double> acknowledged;
  std::optional<double> resolved;
};

struct RecordedCommand {
  double at = 0; //!< drill time at which it took effect
  std::string text;
};

// An action of the trainee: when it was given, when the model had done it.
struct TraineeAction {
  double at = 0;
  std::string text;
  RunbookStep step;
  std::optional<double> done;
  bool matches_runbook = false; //!< the automated runbook does the same to the same components
  std::string failure;          //!< why the command failed without acting (its endpoint unreachable); empty: it acted
};

struct SessionLine {
  double time = 0;
  std::string text;
};

// What a view beside the terminal (the browser's, `view_state`) shows of the session at one look at the signals.
struct SessionLook {
  double now = 0;
  double fault_onset = 0;
  double speed = 0;
  bool paused = false;
  bool ended = false;                                  //!< the trainee left: the drill runs on without commands
  std::vector<std::pair<std::string, double>> success; //!< per client population: its success ratio now
  const std::vector<Alert>* alerts = nullptr;
};

// Told, on the simulation's thread, what the session shows: each screen line as it is shown, and the signals at
// every look, the same looks that fire the alerts.
class SessionObserver {
public:
  virtual ~SessionObserver() = default;
  virtual void shown(double time, const std::string& text) = 0;
  virtual void looked(const SessionLook& look) = 0;
  // A line from the console is applied from `answering` to `answered`: what the screen shows between the two is its
  // answer, and nothing else is (what the drill did before the line came is shown before `answering`).
  virtual void answering() = 0;
  virtual void answered() = 0;
};

struct SessionOptions {
  double speed = 60;                   //!< simulated seconds per wall-clock second (interactive)
  Console* console = nullptr;          //!< null: a scripted session
  SessionObserver* observer = nullptr; //!< null: no view beside the screen
  //! Interactive: the session goes on after the service recovers (for the facilitator's later faults), until the
  //! drill's horizon or `end`; without it, the recovery ends the session.
  bool to_horizon = false;
};

class TrainingSession : public Participant {
public:
  // `screen`: what the trainee sees as the session runs (alerts, console events, views, messages).
  TrainingSession(const Scenario& scenario, const Strategy& strategy, std::vector<ScriptEntry> script,
                  std::ostream& screen, SessionOptions options = {});

  std::vector<bool> takes_over(const Runbook& runbook) const override;
  void start(World& world, double fault_onset, FaultInjector& faults) override;

  const std::vector<RecordedCommand>& commands() const { return commands_; }
  const std::vector<Alert>& alerts() const { return alerts_; }
  const std::vector<TraineeAction>& actions() const { return actions_; }
  const std::vector<std::string>& notes() const { return notes_; }
  //! The facilitator's faults: when each began, and its command.
  const std::vector<RecordedCommand>& injected() const { return injected_; }
  std::optional<double> failback_instance_s() const override { return failback_instance_s_; }

private:
  const Scenario& scenario_;
  const Strategy& strategy_;
  std::vector<ScriptEntry> script_;
  std::vector<bool> script_done_;
  std::ostream& screen_;
  SessionOptions options_;
  World* world_ = nullptr;
  FaultInjector* faults_ = nullptr;
  double replica_lag_alarm_s_ = 0;
  std::vector<RunbookStep> runbook_actions_; //!< the actions of the steps the trainee does
  std::vector<RecordedCommand> commands_;
  std::vector<Alert> alerts_;
  std::vector<TraineeAction> actions_;
  std::vector<std::string> notes_;
  std::vector<RecordedCommand> injected_;
  std::map<std::string, double> replica_since_; //!< per lag alarm: since when its node has been a live replica
  std::optional<double> failback_instance_s_;   //!< a failback by hand: the capacity added from the fault to its end
  std::vector<SessionLine> seen_;               //!< what the screen showed, for `timeline`
  std::size_t timeline_read_ = 0;               //!< world timeline events looked at so far
  std::vector<bool> armed_; //!< per health-checked endpoint: seen healthy with targets, so a failure pages
  std::vector<std::optional<double>> below_since_; //!< per client population: below the threshold since
  std::optional<double> all_good_since_;           //!< every population at or above the threshold since
  bool outage_paged_ = false;                      //!< an error-rate alert fired
  std::optional<double> ended_at_;                 //!< no more commands since: the trainee left
  bool paused_ = false;
  std::optional<double> unpaced_until_; //!< `wait`: the clock runs on unpaced until then, or until an alert
  double wall_anchor_ = 0;
  double drill_anchor_ = 0;
  double fault_onset_ = 0;

  void run();
  // `at`: when it happened, if before now (a console's event, seen at the trainee's next look).
  void show(const std::string& text, std::optional<double> at = std::nullopt);
  // Looks at the signals and the consoles' events; returns the next drill time at which an alert could fire.
  std::optional<double> observe();
  void fire(const std::string& name, const std::string& text);
  void resolve(const std::string& name);
  void apply(const TraineeCommand& command);
  // Interactive: holds the simulation until the wall clock reaches the drill's time, taking commands meanwhile.
  void pace();
  void repace(); //!< the wall clock and the drill's clock start again from here
  void take_line(const std::string& line);
  void answer(const std::string& line); //!< a console's line, taken or refused, bracketed for the observer
  // What a command given after the session ended is told instead of being applied.
  std::string refused_after_end(const std::string& text) const;
  // Why a failback command cannot begin now (its node is the writer already, or down); "" when it can.
  std::string nothing_to_fail_back(const RunbookStep& step) const;
  std::optional<double> script_due(std::size_t i) const; //!< absent: waits for an alert not fired yet
  std::optional<double> next_script_time() const;
  void status();
};

} // namespace drsim
