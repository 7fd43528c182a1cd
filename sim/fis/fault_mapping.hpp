// How each kind of fault the simulator injects becomes AWS Fault Injection Service actions: the one table of the
// mapping (fault_mappings()), the FIS actions it uses with what they target and the permissions they need
// (fis_actions()), and the FIS price. The README prints the same table (mapping_table_markdown(), checked by a test).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/scenario.hpp"
#include "sim/fis/bindings.hpp"

namespace drsim::fis {

enum class Realization { Exact, Approximated, NotInjectable };

// "exact", "approximated" or "not injectable".
std::string_view realization_name(Realization realization);

// One FIS action the adapter uses.
struct FisAction {
  std::string_view id;
  std::string_view target_key;    //!< the name of its target in the action ("Instances"); empty: it takes none
  std::string_view resource_type; //!< what that target resolves to ("aws:ec2:instance")
  std::vector<std::string_view> permissions; //!< what the experiment role needs (FIS UG, actions reference)
};

const std::vector<FisAction>& fis_actions();
// The action with this id; throws std::out_of_range for one the adapter does not use.
const FisAction& fis_action(std::string_view id);

// One row of the mapping: a fault kind (for database faults, the engines the row applies to) and how FIS realises it.
struct FaultMapping {
  FaultKind kind = FaultKind::Invalid;
  std::string_view fault;              //!< the kind's name in scenarios ("region-outage")
  std::vector<DatabaseEngine> engines; //!< database faults: the engines of this row; empty: any target
  Realization realization = Realization::NotInjectable;
  std::vector<std::string_view> actions; //!< FIS action ids, besides the aws:fis:wait that delays an onset
  std::string_view how;                  //!< what the experiment does, and where it differs from the simulation
  std::string_view source;
};

const std::vector<FaultMapping>& fault_mappings();
// The row for a fault of this kind whose target (for database faults) has this engine; nullptr for a kind that only
// long runs draw (instance-failure, database-node-failure, blip).
const FaultMapping* find_mapping(FaultKind kind, std::optional<DatabaseEngine> engine);

// "rds", "aurora", ... as topologies name the engines.
std::string_view engine_name(DatabaseEngine engine);

// The mapping as the Markdown table of the README's section "Running a drill on AWS".
std::string mapping_table_markdown();

// FIS's price per action-minute from the dated price table (us-east-1; secondary source), unless the bindings
// give their own.
FisPrice fis_price_default();

} // namespace drsim::fis
