#include "sim/fis/preflight.hpp"

#include <algorithm>
#include <ostream>

#include <fmt/format.h>

namespace drsim::fis {

std::string_view target_verdict_name(TargetVerdict verdict) {
  switch (verdict) {
  case TargetVerdict::Matches:
    return "matches the topology";
  case TargetVerdict::Differs:
    return "differs from the topology";
  case TargetVerdict::Empty:
    return "resolves to nothing";
  }
  return "unknown";
}

std::vector<TargetCheck> check_targets(const Plan& plan,
                                       const std::map<std::string, std::vector<ResolvedTarget>>& resolved) {
  std::vector<TargetCheck> checks;
  for (const auto& [region, targets] : plan.expected_targets)
    for (const auto& [name, expected] : targets) {
      TargetCheck check{region, name, expected};
      if (const auto found = resolved.find(region); found != resolved.end())
        check.resolved =
            static_cast<int>(std::count_if(found->second.begin(), found->second.end(),
                                           [&target = name](const ResolvedTarget& t) { return t.target == target; }));
      check.verdict = check.resolved == 0 && expected.count > 0            ? TargetVerdict::Empty
                      : expected.exact && check.resolved != expected.count ? TargetVerdict::Differs
                                                                           : TargetVerdict::Matches;
      checks.push_back(std::move(check));
    }
  return checks;
}

void write_target_checks(std::ostream& out, const std::vector<TargetCheck>& checks) {
  out << "Targets FIS resolved, beside the topology\n";
  for (const auto& check : checks)
    out << fmt::format("  {} {}: {} resolved; the topology has {}{} ({}): {}\n", check.region, check.target,
                       check.resolved, check.expected.exact ? "" : "about ", check.expected.count, check.expected.what,
                       target_verdict_name(check.verdict));
}

} // namespace drsim::fis
