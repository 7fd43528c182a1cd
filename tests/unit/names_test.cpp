// The name tables of sim/core/names.hpp: every value of every named enum has one name, and names read back as the
// values they print.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sim/analysis/graph.hpp"
#include "sim/core/scenario.hpp"
#include "sim/core/timeline.hpp"
#include "sim/core/topology.hpp"

using namespace drsim;

namespace {

// Whether V is one of its enum's enumerators. GCC and Clang spell an enumerator by its name in a function's
// signature, and any other value of the enum as a cast: "V = (drsim::FaultKind)12".
template <auto V> constexpr bool is_enumerator() {
  const std::string_view signature = __PRETTY_FUNCTION__;
  return signature[signature.find("V = ") + 4] != '(';
}

// The enumerators of E among the values 0 to 63: no enum here has that many.
template <class E, int... I> std::vector<E> enumerators_among(std::integer_sequence<int, I...>) {
  std::vector<E> values;
  ((is_enumerator<static_cast<E>(I)>() ? values.push_back(static_cast<E>(I)) : void()), ...);
  return values;
}

template <class E> std::vector<E> enumerators() { return enumerators_among<E>(std::make_integer_sequence<int, 64>()); }

template <class E> void check_names() {
  std::set<std::string> seen;
  for (const auto& entry : enum_names<E>()) {
    INFO(entry.name);
    CHECK_FALSE(std::string_view(entry.name).empty());
    CHECK(seen.insert(entry.name).second);
  }
  for (const E value : enumerators<E>()) {
    INFO("value " << static_cast<int>(value));
    std::size_t entries = 0;
    for (const auto& entry : enum_names<E>())
      entries += entry.value == value ? 1 : 0;
    if constexpr (requires { E::Invalid; })
      if (value == E::Invalid) {
        CHECK(entries == 0);
        CHECK(std::string(name_of(value)) == "invalid");
        continue;
      }
    CHECK(entries == 1);
    CHECK(value_of<E>(name_of(value)) == value);
  }
  CHECK(enum_names<E>().size() == enumerators<E>().size() - (requires { E::Invalid; } ? 1 : 0));
}

} // namespace

TEST_CASE("the enumerator probe tells enumerators from other values") {
  CHECK(is_enumerator<FaultKind::Blip>());
  CHECK_FALSE(is_enumerator<static_cast<FaultKind>(static_cast<int>(FaultKind::Blip) + 1)>());
  CHECK(enumerators<Location::Kind>() == std::vector{Location::Kind::Region, Location::Kind::Az});
}

TEST_CASE("every value but Invalid has exactly one name, which reads back as the value") {
  check_names<FaultKind>();
  check_names<FailureTarget>();
  check_names<StepAction>();
  check_names<Preset>();
  check_names<Metric>();
  check_names<Statistic>();
  check_names<Routing>();
  check_names<ReplicationMode>();
  check_names<DatabaseEngine>();
  check_names<BackupKind>();
  check_names<EventKind>();
  check_names<ComponentKind>();
  check_names<Location::Kind>();
}

TEST_CASE("a name that is none of the enum's has no value") {
  CHECK_FALSE(value_of<FaultKind>("invalid"));
  CHECK_FALSE(value_of<FaultKind>("Region-Outage"));
  CHECK_FALSE(value_of<EventKind>(""));
}

TEST_CASE("users write only the names a place accepts") {
  // Drawn failures are printed on the timeline but never written in a scenario.
  CHECK(written_names<FaultKind>() == std::vector<std::string>{"region-outage", "az-outage", "instance-loss",
                                                               "database-failure", "network-partition",
                                                               "data-corruption", "ransomware", "backup-failure",
                                                               "capacity-shortage", "step-unreachable"});
  CHECK(std::string(name_of(FaultKind::Blip)) == "blip");
  CHECK(value_of<FaultKind>("instance-failure") == FaultKind::InstanceFailure);
  CHECK(written_names(common_cause_kind) == std::vector<std::string>{"region-outage", "az-outage"});
  CHECK(written_names<Statistic>() == std::vector<std::string>{"p50", "p95", "p99", "max", "mean"});
}
