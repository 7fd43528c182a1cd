// `drsim fis preflight`: the plan's templates created and started with actionsMode skip-all, so that FIS resolves
// every target and injects nothing; what it resolved is then set beside what the topology has there. A target that
// resolves to nothing (a fleet of 6 whose tags match no running instance) is an error found before anything is
// injected; a count that differs from the topology's is said.
#pragma once

#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/fis/experiments.hpp"
#include "sim/fis/plan.hpp"

namespace drsim::fis {

enum class TargetVerdict {
  Matches, //!< as many as the topology has (or some, where it says only roughly how many)
  Differs, //!< some, but not as many as the topology has
  Empty,   //!< none: the fault would act on nothing
};

// "matches the topology", "differs from the topology", "resolves to nothing".
std::string_view target_verdict_name(TargetVerdict verdict);

struct TargetCheck {
  std::string region;
  std::string target;
  ExpectedTarget expected;
  int resolved = 0;
  TargetVerdict verdict = TargetVerdict::Matches;
};

// Every target of the plan, region by region in name order, with what FIS resolved for it.
std::vector<TargetCheck> check_targets(const Plan& plan,
                                       const std::map<std::string, std::vector<ResolvedTarget>>& resolved);

void write_target_checks(std::ostream& out, const std::vector<TargetCheck>& checks);

} // namespace drsim::fis
