// The anatomy of a drill's RTO: the phases its recovery went through, from its recorded timeline and the strategy's
// runbook; what a team changes to recover faster.
//
// - The critical path runs back from the recovery: the runbook step that finished last before the clients
//   recovered (a verification or a wait only checks or holds, so the path never ends with one), then the step that
//   released it (of those it comes after, the one that finished last), and so on to a step that waited for none. Each
//   step on it is a phase named after what it does: detection (from the onset of the outage the RTO measures), paging
//   and acknowledgement, decision, promotion, restore, fleet scaling, DNS switch, verification.
// - The time between two steps of the path, and from the last one to the recovery, is a phase named after what the
//   timeline shows in it: DNS propagation (health checks, the record switched, resolver caches refreshed), fleet
//   boot and registration (instances booting, targets turning healthy), database failover, or waiting.
// So the phases follow each other from that onset to the recovery and add up to the RTO exactly.
// - The activities are what a Gantt chart shows: every runbook step from its start to its end, and what the models
//   did meanwhile (detection, fleet boot, targets registering, database failover, DNS propagation), those of the
//   critical path marked.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/measure/drill_result.hpp"
#include "sim/measure/figure_stream.hpp"

namespace drsim {

struct RtoPhase {
  std::string name; //!< "detection", "decision", "DNS propagation", ...
  std::string step; //!< the runbook step it is, empty for the time between steps
  double start = 0; //!< drill time
  double end = 0;

  double duration() const { return end - start; }
};

struct RtoActivity {
  std::string name; //!< a step's id, or what the models did: "fleet boot: web", "DNS propagation"
  std::string kind; //!< "step", "detection", "fleet", "targets", "database", "dns"
  double start = 0;
  std::optional<double> end; //!< absent: still under way when the drill ended
  bool critical = false;     //!< on the critical path
};

struct RtoAnatomy {
  double onset = 0;
  double recovered = 0;
  std::vector<RtoPhase> phases;        //!< contiguous from onset to recovered
  std::vector<RtoActivity> activities; //!< in the order they started
};

// The anatomy of a drill that recovered after something failed; nullopt for one that did not recover, or whose
// clients never saw a failure (recovered at the onset), or that recorded no timeline.
std::optional<RtoAnatomy> rto_anatomy(const DrillResult& drill, const Runbook& runbook);

// Its phases as a comparison keeps them for each drill (DrillResult::rto_phases): name and duration, in the order of
// the critical path.
std::vector<RtoPhaseTime> phase_times(const RtoAnatomy& anatomy);

// A phase over many drills: the median of its duration over the drills that went through it.
struct PhaseMedian {
  std::string name;
  double median_s = 0;         //!< nearest rank, like every median of a report: a duration some drill took
  int drills = 0;              //!< the drills that went through it; a phase one drill went through twice counts once
  std::optional<double> share; //!< of the median RTO; absent when that is 0
};

// The anatomy of a strategy's RTO over its drills. Each phase's median is taken apart from the others, over the
// drills that went through it, so the medians need not add up to the median RTO, nor the shares to 100 %.
struct RtoAnatomyMedians {
  int drills = 0;                  //!< the drills whose phases are known: those that recovered after a failure
  double median_rto_s = 0;         //!< the median RTO of those drills
  std::vector<PhaseMedian> phases; //!< in the order the drills went through them
};

// Over the drills with phases (DrillResult::rto_phases); nullopt when none has any. A drill's phases with one name
// count as one phase of their total duration. A phase some drills skip comes after the phase it follows in the first
// drill that went through it.
std::optional<RtoAnatomyMedians> rto_anatomy_medians(const std::vector<DrillResult>& drills);

// The same, as the drills arrive in run order: each phase's durations are a FigureStream, exact up to its limit.
class RtoAnatomyStream {
public:
  void add(const DrillResult& drill);
  // The other stream's phases placed as one drill going through them in its order would place them.
  void merge(const RtoAnatomyStream& other);
  std::optional<RtoAnatomyMedians> medians() const;

private:
  FigureStream rto_;
  std::vector<std::string> order_;
  std::map<std::string, FigureStream> durations_;

  void place(const std::vector<std::string>& names);
};

} // namespace drsim
