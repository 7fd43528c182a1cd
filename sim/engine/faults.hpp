// Fault injection with SimGrid's own mechanisms: losing a region or an AZ turns its hosts off (killing the actors
// on them), a partition turns the link between two regions off; a fault with a duration turns them back on.
// Faults that are not about machines (corruption, failing backups, capacity) act on the component models; an
// unreachable runbook step is held here, for whoever does the step (the runbook or a trainee) to find.
// Faults overlap freely (a node failing during its AZ's outage): a host or link comes back when the last fault
// holding it down ends.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include <simgrid/forward.h>

#include "sim/core/scenario.hpp"

namespace drsim {

class World;

struct ScheduledFault {
  const Fault* fault;
  double onset = 0;                //!< drawn for this drill
  std::optional<double> duration;  //!< drawn for this drill
  std::optional<double> detection; //!< drawn for this drill: how long a corruption stays silent
};

// Whether a fault of this kind can hurt clients or data at once. Failing backups, a shortage of capacity and an
// unreachable runbook step only matter through a later fault or a recovery, so they start no outage.
bool starts_outages(FaultKind kind);

class FaultInjector {
public:
  FaultInjector(World& world, std::vector<ScheduledFault> faults);

  void start();
  bool pending() const { return remaining_ > 0; }
  // When the drill's trouble began: the first onset, within the horizon, of a fault that starts outages; absent when
  // no such fault strikes within the horizon.
  std::optional<double> outage_onset() const;
  // A fault that begins now, in the calling actor (a facilitator's surprise during a game day); `duration` absent: it
  // lasts past the horizon. It counts among the drill's faults from then on.
  void inject(const Fault& fault, std::optional<double> duration);
  // Every fault of the drill: the scheduled ones, then the injected ones in the order they began.
  const std::vector<ScheduledFault>& faults() const { return faults_; }
  // Whether a `step-unreachable` fault on this runbook step lasts now: the endpoint its action calls cannot be reached.
  bool step_unreachable(const std::string& step_id) const;

private:
  World& world_;
  std::vector<ScheduledFault> faults_;
  std::deque<Fault> injected_; //!< what faults_ points at for the injected faults: a deque keeps their addresses
  int remaining_ = 0;

  std::map<simgrid::s4u::Host*, int> hosts_down_;
  std::map<simgrid::s4u::Link*, int> links_down_;
  std::map<std::size_t, simgrid::s4u::Host*> failed_writers_; //!< per database-failure fault, the host it failed
  std::map<std::string, int> unreachable_steps_;              //!< step id -> how many faults hold it unreachable

  // Returns whether a host came back.
  bool hold_down(simgrid::s4u::Host* host, bool begin);
  bool hold_down(const std::vector<simgrid::s4u::Host*>& hosts, bool begin);
  void apply(std::size_t index, bool begin);
  void run();
};

} // namespace drsim
