// `drsim fis plan`: a scenario's faults as FIS experiment templates, one per region (one experiment runs in one
// region), each the body of a CreateExperimentTemplate request. Nothing here touches the network: a plan is
// computed from the scenario, the strategy's topology and the bindings alone, and its bytes depend on nothing else.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/scenario.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/fis/fault_mapping.hpp"

namespace drsim::fis {

// FIS bounds most durations to PT1M..PT12H, and an experiment to 12 hours (quota; secondary source).
inline constexpr double shortest_fis_duration_s = 60;
inline constexpr double longest_fis_duration_s = 12 * 3600;
// Actions per experiment template (FIS quota, adjustable; secondary source): more is said, not refused.
inline constexpr std::size_t fis_actions_per_template = 20;

// A duration in whole seconds as ISO 8601, the form FIS takes: 600 -> "PT10M", 5430 -> "PT1H30M30S".
std::string iso8601_duration(double seconds);

struct PlannedFault {
  std::string pointer; //!< "/faults/0" in the scenario
  std::string summary; //!< "region-outage of us-east-1 at +10m for 6h"
  Realization realization = Realization::NotInjectable;
  std::string how;                  //!< the mapping row's account of what FIS does
  std::vector<std::string> actions; //!< "us-east-1: f1-network aws:network:disrupt-connectivity on f1-subnets"
  std::vector<std::string> notes;   //!< what was clamped, assumed or refused
  bool left_out = false;            //!< not injectable, and --skip-unrealizable left it out
};

// What a target should resolve to by the topology, for `fis preflight` to set beside what FIS resolves.
struct ExpectedTarget {
  std::string what;  //!< "fleet web's running instances in us-east-1b", "2 aws:ec2:subnet"
  int count = 0;     //!< the resources the topology has there
  bool exact = true; //!< false: the topology says only roughly how many (a fleet's instances in one AZ)
};

struct Plan {
  std::string scenario;
  std::string strategy;
  std::string run_id;
  std::string hash; //!< SHA-256 of canonical_plan(): what the experiments would do, without their identifiers
  std::vector<PlannedFault> faults;
  std::map<std::string, nlohmann::json> templates; //!< region -> CreateExperimentTemplate request body
  std::map<std::string, std::map<std::string, ExpectedTarget>> expected_targets; //!< region -> target name -> ...
  std::vector<std::string> role_permissions;                                     //!< sorted, each once
  std::vector<std::string> notes; //!< about the plan as a whole (quotas, stop conditions)
  double action_minutes = 0;
  double duration_s = 0; //!< the longest experiment as planned: the latest onset + duration of a planned fault
  FisPrice price;
  bool unrealizable = false; //!< a fault cannot be injected (left out or not)
};

struct PlanOptions {
  std::string strategy;           //!< empty: the bindings' strategy, else the scenario's only one
  bool skip_unrealizable = false; //!< leave faults FIS cannot inject out of the templates
};

// Plans the scenario's written faults against the bindings. Throws UsageError when no strategy can be chosen or the
// scenario has no written faults, and InputError (the bindings file, JSON Pointers) for bindings that do not fit the
// topology or that a fault needs and that are missing: each such problem names the fault and the component.
Plan make_plan(const Scenario& scenario, const Bindings& bindings, const PlanOptions& options);

// What the hash covers: every template without its clientToken and its drsim:run-id and drsim:plan-hash tags,
// with the scenario and strategy names, as compact JSON with sorted keys.
std::string canonical_plan(const Plan& plan);

// The plan for people: per fault how it is realised, then the templates' outline, the role's permissions, the cost
// estimate and the hash. With `with_templates`, each request body follows.
void write_plan_text(std::ostream& out, const Plan& plan, bool with_templates);

// The plan as data (plan.json beside the templates).
nlohmann::json plan_json(const Plan& plan);

} // namespace drsim::fis
