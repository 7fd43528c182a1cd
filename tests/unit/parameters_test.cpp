// The declared parameters (sim/core/parameters.hpp): each declared once, its default within its range, its key read
// by the reader at its location with its range enforced there, and the README's tables of them up to date.

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/parameters.hpp"
#include "sim/input/messages.hpp"
#include "sim/input/parameter_reference.hpp"
#include "tests/unit/reader_test_support.hpp"

using drsim::Default;
using drsim::Parameter;
using namespace reader_test;
namespace parameters = drsim::parameters;

namespace {

// The reference topology with a weighted record beside its failover one and a queue, so that every key has a place.
json topology_base() {
  json document = valid_topology();
  document["dns"].push_back(json::parse(R"({"name": "weighted.example.com", "routing": "weighted",
                                            "endpoints": [{"target": "alb-east"}, {"target": "alb-west"}]})"));
  document["queues"] = json::parse(R"([{"name": "orders-queue", "regions": ["us-east-1", "us-west-2"],
                                         "consumer": "web"}])");
  return document;
}

// The reference scenario as a long run with its faults too, a strategy of every preset with its parameters, and a
// detection by success ratio.
json scenario_base() {
  json document = long_run_scenario();
  document["faults"] = valid_scenario()["faults"];
  document["faults"].push_back({{"kind", "data-corruption"}, {"target", "orders-db"}, {"onset", "12h"}});
  for (const char* preset : {"warm-standby", "active-active"})
    document["strategies"].push_back({{"name", preset}, {"preset", preset}});
  for (auto& strategy : document["strategies"])
    strategy["preset_parameters"] = json::object();
  document["strategies"][1]["runbook"]["steps"].push_back(
      {{"id", "detect"}, {"action", "detect"}, {"on", {{"success_ratio_below", 0.5}}}});
  // The failback steps, for the keys only they take.
  for (const char* action : {"resync", "switch-over"})
    document["strategies"][1]["runbook"]["steps"].push_back(
        {{"id", action}, {"action", action}, {"database", "orders-db"}, {"replica", "primary"}});
  return document;
}

std::vector<drsim::Diagnostic> problems_in(const Parameter& parameter, const json& document) {
  std::vector<drsim::Diagnostic> problems;
  if (parameter.file == drsim::InputFile::Topology)
    drsim::read_topology(document, "t.json", "", problems);
  else
    drsim::read_scenario(document, scenario_file, problems);
  return problems;
}

// The places of `document` that the parameter's location names: each "*" stands for every element or member there.
std::vector<std::string> places(const json& document, std::string_view location) {
  std::vector<std::pair<std::string, const json*>> found{{"", &document}};
  const auto tokens = drsim::split_pointer(location);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::vector<std::pair<std::string, const json*>> next;
    for (const auto& [pointer, node] : found) {
      if (tokens[i] != "*") {
        const bool inside = node != nullptr && node->is_object() && node->contains(tokens[i]);
        next.emplace_back(pointer + "/" + drsim::escape_pointer_token(tokens[i]),
                          inside ? &(*node)[tokens[i]] : nullptr);
      } else if (node != nullptr && node->is_array())
        for (std::size_t k = 0; k < node->size(); ++k)
          next.emplace_back(pointer + "/" + std::to_string(k), &(*node)[k]);
      else if (node != nullptr && node->is_object())
        for (const auto& [key, member] : node->items())
          next.emplace_back(pointer + "/" + drsim::escape_pointer_token(key), &member);
    }
    found = std::move(next);
  }
  std::vector<std::string> pointers;
  for (const auto& [pointer, node] : found)
    pointers.push_back(pointer);
  return pointers;
}

json base_of(const Parameter& parameter) {
  return parameter.file == drsim::InputFile::Topology ? topology_base() : scenario_base();
}

bool is_quantity(const Parameter& parameter) {
  return drsim::quantity_of(parameter.type) || parameter.type == drsim::ValueType::Distribution;
}

// A value the range allows, for a parameter without a default, in the base unit.
double allowed_value(const Parameter& parameter) {
  const auto& range = parameter.range;
  if (!range.choices.empty())
    return range.choices.front();
  if (range.max != drsim::unbounded)
    return range.max;
  if (range.min != -drsim::unbounded)
    return range.min + 1;
  return parameters::hour;
}

// A value just outside the range, in the base unit; none when only the type bounds the parameter.
std::optional<double> refused_value(const Parameter& parameter) {
  const auto& range = parameter.range;
  const bool signed_value = !is_quantity(parameter);
  if (!range.choices.empty())
    return (range.choices[0] + range.choices[1]) / 2;
  if (range.min_exclusive)
    return range.min;
  if (range.min != -drsim::unbounded && (signed_value || range.min != 0))
    return signed_value ? range.min - 1 : range.min / 2;
  if (range.max != drsim::unbounded)
    return parameter.type == drsim::ValueType::Integer ? range.max + 1 : range.max * 2;
  return std::nullopt;
}

std::string name_of(const Parameter& parameter) {
  return std::string(parameter.location) + (parameter.when.empty() ? "" : " (" + std::string(parameter.when) + ")");
}

} // namespace

TEST_CASE("parameters: each is declared once per case, with a key, a range its type can hold and a unit it knows") {
  std::set<std::tuple<drsim::InputFile, std::string_view, std::string_view>> seen;
  for (const Parameter* parameter : drsim::all_parameters()) {
    INFO(name_of(*parameter));
    CHECK(seen.insert({parameter->file, parameter->location, parameter->when}).second);
    CHECK_FALSE(parameter->key().empty());
    CHECK_FALSE(parameter->description.empty());
    if (parameter->type == drsim::ValueType::Integer) {
      CHECK(parameter->range.min != -drsim::unbounded);
      CHECK(parameter->range.max != drsim::unbounded);
    }
    if (is_quantity(*parameter))
      CHECK_NOTHROW(drsim::written_value(*parameter, 1));
  }
  // A key declared twice differs by its condition.
  for (const Parameter* parameter : drsim::all_parameters())
    if (parameter->when.empty())
      for (const Parameter* other : drsim::all_parameters())
        if (other != parameter && other->file == parameter->file)
          CHECK(other->location != parameter->location);
}

TEST_CASE("parameters: every declaration is listed in all_parameters()") {
  std::ifstream in(DRSIM_SOURCE_DIR "/sim/core/parameters.hpp");
  std::stringstream header;
  header << in.rdbuf();
  const std::string text = header.str();
  std::size_t declared = 0;
  for (auto at = text.find("inline constexpr Parameter "); at != std::string::npos;
       at = text.find("inline constexpr Parameter ", at + 1))
    ++declared;
  CHECK(drsim::all_parameters().size() == declared);
}

TEST_CASE("parameters: every declared default lies within its declared range") {
  for (const Parameter* parameter : drsim::all_parameters()) {
    INFO(name_of(*parameter));
    const Default& fallback = parameter->by_default;
    switch (fallback.kind) {
    case Default::Kind::Value:
      CHECK(parameter->range.contains(fallback.value));
      break;
    case Default::Kind::Uniform:
    case Default::Kind::Lognormal:
      CHECK(fallback.value < fallback.upper);
      CHECK(parameter->range.contains(fallback.value));
      CHECK(parameter->range.contains(fallback.upper));
      break;
    case Default::Kind::Text:
      CHECK(parameter->type == drsim::ValueType::Text);
      break;
    case Default::Kind::Required:
    case Default::Kind::Absent:
      CHECK(parameter->type != drsim::ValueType::Boolean);
      break;
    }
  }
}

TEST_CASE("parameters: every declared key is accepted by the reader at its location, with its default") {
  for (const Parameter* parameter : drsim::all_parameters()) {
    INFO(name_of(*parameter));
    const json base = base_of(*parameter);
    const auto pointers = places(base, parameter->location);
    REQUIRE_FALSE(pointers.empty());
    Lines refusals;
    bool accepted = false;
    for (const auto& pointer : pointers) {
      json document = base;
      const json::json_pointer where(pointer);
      if (const json fallback = drsim::default_json(*parameter); !fallback.is_null())
        document[where] = fallback;
      else if (!base.contains(where))
        document[where] = drsim::written_value(*parameter, allowed_value(*parameter));
      const auto problems = printed(problems_in(*parameter, document));
      accepted = accepted || problems.empty();
      refusals.insert(refusals.end(), problems.begin(), problems.end());
    }
    if (!accepted)
      for (const auto& refusal : refusals)
        UNSCOPED_INFO(refusal);
    CHECK(accepted);
  }
}

TEST_CASE("parameters: the reader refuses a value outside the declared range at the parameter's location") {
  for (const Parameter* parameter : drsim::all_parameters()) {
    const auto outside = refused_value(*parameter);
    if (!outside)
      continue;
    INFO(name_of(*parameter) << " = " << drsim::written_value(*parameter, *outside).dump());
    const json base = base_of(*parameter);
    bool refused = false;
    for (const auto& pointer : places(base, parameter->location)) {
      json document = base;
      document[json::json_pointer(pointer)] = drsim::written_value(*parameter, *outside);
      for (const auto& problem : problems_in(*parameter, document))
        refused = refused || (problem.pointer == pointer && problem.message.starts_with("must "));
    }
    CHECK(refused);
  }
}

TEST_CASE("parameters: the structs' defaults are the declared ones") {
  const drsim::DnsRecord record;
  const drsim::Backup backup;
  const drsim::Objective objective;
  const drsim::Database database;
  const drsim::Fault fault;
  const drsim::Scenario scenario;
  CHECK(record.ttl_s == 60);
  CHECK(drsim::default_json(parameters::dns_routing) == "failover");
  CHECK(record.routing == drsim::Routing::Failover);
  CHECK(drsim::default_json(parameters::backup_kind) == "full");
  CHECK(backup.kind == drsim::BackupKind::Full);
  CHECK(drsim::default_json(parameters::objective_stat) == "p95");
  CHECK(objective.stat == drsim::Statistic::P95);
  CHECK(database.failover_time.mean() == 90);
  CHECK(fault.onset.mean() == 600);
  CHECK(scenario.seed == 1);
  CHECK(scenario.topology.prices.date == "2026-01-01");

  // Left out or written as its default, a key reads the same.
  json topology = valid_topology();
  topology["dns"][0].erase("routing");
  topology["backups"][0].erase("kind");
  std::vector<drsim::Diagnostic> problems;
  const auto without_keys = drsim::read_topology(topology, "t.json", "", problems);
  topology["dns"][0]["routing"] = drsim::default_json(parameters::dns_routing);
  topology["backups"][0]["kind"] = drsim::default_json(parameters::backup_kind);
  const auto with_defaults = drsim::read_topology(topology, "t.json", "", problems);
  CHECK(problems.empty());
  CHECK(without_keys.dns.at(0).routing == with_defaults.dns.at(0).routing);
  CHECK(without_keys.backups.at(0).kind == with_defaults.backups.at(0).kind);
}

TEST_CASE("parameters: ranges in words and defaults as a user writes them") {
  CHECK(drsim::range_text(parameters::dns_ttl) == "at most 2d");
  CHECK(drsim::range_text(parameters::horizon) == "greater than zero and at most 100 years");
  CHECK(drsim::range_text(parameters::health_check_interval) == "10s or 30s");
  CHECK(drsim::range_text(parameters::target_check_interval) == "from 5s to 5m");
  CHECK(drsim::range_text(parameters::client_resolvers) == "from 1 to 1000");
  CHECK(drsim::range_text(parameters::instance_hour) == "from 0 to 1000000");
  CHECK(drsim::range_text(parameters::success_threshold) == "greater than 0 and at most 1");
  CHECK(drsim::range_text(parameters::object_size) == "greater than zero");
  CHECK(drsim::range_text(parameters::boot_time).empty());

  CHECK(drsim::default_json(parameters::dns_ttl) == "60s");
  CHECK(drsim::default_json(parameters::intra_region_latency) == "1ms");
  CHECK(drsim::default_json(parameters::intra_region_bandwidth) == "10Gbps");
  CHECK(drsim::default_json(parameters::database_size) == "100GB");
  CHECK(drsim::default_json(parameters::client_resolvers) == 4);
  CHECK(drsim::default_json(parameters::health_check_deep) == false);
  CHECK(drsim::default_json(parameters::failover_time) == json::parse(R"({"uniform": ["60s", "120s"]})"));
  CHECK(drsim::default_json(parameters::page_time) == json::parse(R"({"lognormal": {"median": "5m", "p95": "15m"}})"));
  CHECK(drsim::default_json(parameters::client_rate).is_null());
}

TEST_CASE("parameters: a table per README block, keys relative to the block's location") {
  const Parameter* dns[]{&parameters::dns_ttl};
  CHECK(drsim::parameter_table_markdown("/dns/*", dns) ==
        "| key | type | default | range | meaning | source of the default |\n"
        "|---|---|---|---|---|---|\n"
        "| `ttl` | duration | `\"60s\"` | at most 2d | how long resolvers cache an answer | Route 53 Developer Guide: "
        "60 seconds or less for failover records with health checks |\n");
  CHECK_THROWS_AS(drsim::update_parameter_reference("no tables here\n"), std::runtime_error);
  CHECK_THROWS_AS(drsim::update_parameter_reference("<!-- parameters topology /dns/* -->\n"), std::runtime_error);
}

TEST_CASE("parameters: the README's tables are those the declarations give") {
  std::ifstream in(DRSIM_SOURCE_DIR "/README.md");
  std::stringstream readme;
  readme << in.rdbuf();
  std::string updated;
  REQUIRE_NOTHROW(updated = drsim::update_parameter_reference(readme.str()));
  INFO("README.md's parameter tables differ from sim/core/parameters.hpp; regenerate them with "
       "`cmake --build --preset release --target readme`");
  CHECK(updated == readme.str());
}
