// The declared structure of the input files (sim/input/input_format.hpp) and the JSON Schemas generated from it
// (sim/input/json_schema.hpp): the quantity patterns accept what the unit parser accepts, every declared parameter
// has its place, every property is described, the bytes are the same every time, the readers take their keys from
// the same declarations and ignore "$schema", and the committed schema files are what `drsim schema` prints.
// tests/schema/check_schema.py checks the schemas with an independent validator.

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/cli/cli.hpp"
#include "sim/core/parameters.hpp"
#include "sim/core/units.hpp"
#include "sim/fis/bindings.hpp"
#include "sim/input/input_format.hpp"
#include "sim/input/json_schema.hpp"
#include "tests/unit/reader_test_support.hpp"

using namespace reader_test;
namespace format = drsim::format;
using drsim::Quantity;

namespace {

bool pattern_accepts(const std::string& pattern, const std::string& text) {
  // JSON Schema patterns are ECMA-262 regular expressions, searched for in the string.
  return std::regex_search(text, std::regex(pattern, std::regex::ECMAScript));
}

// Every object of a file's structure, each once.
void collect(const format::Node& node, std::vector<const format::Node*>& seen) {
  if (std::find(seen.begin(), seen.end(), &node) != seen.end())
    return;
  seen.push_back(&node);
  for (const auto& key : node.keys)
    if (key.value != nullptr)
      collect(*key.value, seen);
  if (node.element != nullptr)
    collect(*node.element, seen);
  for (const auto* alternative : node.alternatives)
    collect(*alternative, seen);
}

// Every property of a schema, with its pointer.
void properties(const nlohmann::ordered_json& schema, const std::string& pointer,
                std::vector<std::pair<std::string, nlohmann::ordered_json>>& found) {
  if (schema.is_object()) {
    for (const auto& [key, value] : schema.items()) {
      // The properties of an object, not those a rule's "if", "then" or "else" restates for one case.
      const bool in_rule = pointer.find("/if") != std::string::npos || pointer.find("/then") != std::string::npos ||
                           pointer.find("/else") != std::string::npos;
      if (key == "properties" && value.is_object() && !in_rule)
        for (const auto& [name, property] : value.items())
          found.emplace_back(pointer + "/properties/" + name, property);
      properties(value, pointer + "/" + key, found);
    }
  } else if (schema.is_array())
    for (std::size_t i = 0; i < schema.size(); ++i)
      properties(schema[i], pointer + "/" + std::to_string(i), found);
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

} // namespace

TEST_CASE("json schema: each quantity pattern accepts exactly the strings the unit parser accepts") {
  // Magnitude aside: a pattern cannot say "at most 1e15 of the base unit", so no sample goes near it.
  const std::vector<std::string> numbers{"0",    "1",   "90",   "1.5",    "0.25", "007",  "-0",   "-0.0",
                                         "-0e3", "1e2", "2E-2", "1.5e+2", "-1",   "-0.5", "-1e3", "1.",
                                         ".5",   "+1",  "1e",   "1e+",    "0x10", "inf",  "nan",  "",
                                         " 1",   "1,5", "0.0",  "00",     "0e5",  "1 ",   "1  "};
  for (const Quantity quantity : {Quantity::Duration, Quantity::Size, Quantity::Bandwidth, Quantity::Rate}) {
    std::vector<std::string> units;
    std::string names(format::unit_names(quantity));
    for (std::size_t start = 0;;) {
      const auto bar = names.find('|', start);
      units.push_back(names.substr(start, bar - start));
      if (bar == std::string::npos)
        break;
      start = bar + 1;
    }
    // Every unit listed is one the parser knows.
    for (const auto& unit : units)
      CHECK(drsim::parse_quantity(quantity, "1" + unit).has_value());
    std::vector<std::string> samples{"", "s", "1", "1 x", "1S", "1sec", "1 /S", "1GB ", " 1GB", "1\tGB", "1.5 G B"};
    for (const auto& number : numbers)
      for (const auto& unit : {units.front(), units.back(), std::string("x")})
        samples.push_back(number + unit);
    for (const auto& unit : units)
      samples.push_back("2 " + unit);
    for (const bool positive : {false, true}) {
      const auto pattern = format::quantity_pattern(quantity, positive);
      for (const auto& sample : samples) {
        const auto parsed = drsim::parse_quantity(quantity, sample);
        const bool accepted = parsed && (!positive || *parsed > 0);
        INFO(drsim::quantity_name(quantity)
             << (positive ? " greater than zero" : "") << ": \"" << sample << "\" against " << pattern);
        CHECK(pattern_accepts(pattern, sample) == accepted);
      }
    }
  }
}

TEST_CASE("json schema: every declared parameter has its key in the declared structure") {
  std::vector<const format::Node*> objects;
  collect(format::topology, objects);
  collect(format::scenario, objects);
  std::set<std::string> located;
  for (const auto* object : objects)
    for (const auto& key : object->keys)
      if (key.parameter != nullptr)
        located.emplace(key.parameter->location);
  for (const auto* parameter : drsim::all_parameters()) {
    INFO(parameter->location);
    CHECK(located.contains(std::string(parameter->location)));
  }
}

TEST_CASE("json schema: a key's cases name values of the object's discriminator") {
  std::vector<const format::Node*> objects;
  collect(format::topology, objects);
  collect(format::scenario, objects);
  collect(drsim::fis::bindings_format(), objects);
  for (const auto* object : objects) {
    if (object->discriminator.key.empty())
      continue;
    // The discriminator's values: its own key's, or the parent's (looked up among the objects that hold it).
    const auto holds = [&](const format::Node& holder) {
      if (&holder == object)
        return !object->discriminator.in_parent;
      return object->discriminator.in_parent &&
             std::any_of(holder.keys.begin(), holder.keys.end(), [&](const format::Key& key) {
               return key.value == object || (key.value != nullptr && key.value->element == object);
             });
    };
    std::vector<std::string> values;
    for (const auto* holder : objects)
      if (holds(*holder))
        for (const auto& key : holder->keys)
          if (key.key() == object->discriminator.key && key.value != nullptr && key.value->names != nullptr)
            values = key.value->names();
    REQUIRE(!values.empty());
    for (const auto& key : object->keys)
      for (const auto value : key.only) {
        INFO(object->name << "/" << key.key() << " only for " << value);
        CHECK(std::find(values.begin(), values.end(), value) != values.end());
      }
  }
}

TEST_CASE("json schema: the keys of an object by its discriminator") {
  const auto loss = format::key_lists(format::scenario_objects::fault, "instance-loss");
  CHECK(loss.required == std::vector<std::string_view>{"kind", "target", "region"});
  CHECK(loss.optional == std::vector<std::string_view>{"onset", "duration", "count"});
  const auto outage = format::key_lists(format::scenario_objects::fault, "region-outage");
  CHECK(outage.required == std::vector<std::string_view>{"kind", "target"});
  CHECK(outage.optional == std::vector<std::string_view>{"onset", "duration"});
  // An unknown kind: every key allowed, only those of every kind required.
  const auto unknown = format::key_lists(format::scenario_objects::fault);
  CHECK(unknown.required == std::vector<std::string_view>{"kind", "target"});
  CHECK(unknown.optional.size() == 6);
  // An objective's target is required whatever the metric: each metric has its case.
  CHECK(format::key_lists(format::scenario_objects::objective).required ==
        std::vector<std::string_view>{"metric", "target"});
}

TEST_CASE("json schema: every property has a description") {
  for (const auto* root : {&format::topology, &format::scenario, &drsim::fis::bindings_format()}) {
    const auto schema = drsim::json_schema(*root, "test");
    CHECK(schema["$schema"] == "https://json-schema.org/draft/2020-12/schema");
    std::vector<std::pair<std::string, nlohmann::ordered_json>> found;
    properties(schema, "", found);
    CHECK(found.size() > 20);
    for (const auto& [pointer, property] : found) {
      if (property.is_boolean())
        continue; // a key forbidden in some case: `false`
      INFO(pointer);
      REQUIRE(property.contains("description"));
      CHECK(!property["description"].get<std::string>().empty());
    }
  }
  const auto topology = drsim::json_schema(format::topology, "test");
  const auto& ttl = topology["$defs"]["dns_record"]["properties"]["ttl"];
  CHECK(ttl["default"] == "60s");
  CHECK(ttl["description"].get<std::string>().find("units ms, s, m, h, d, w") == std::string::npos);
  CHECK(ttl["description"].get<std::string>().find("(ms, s, m, h, d, w)") != std::string::npos);
  CHECK(ttl["description"].get<std::string>().find("Range: at most 2d.") != std::string::npos);
  CHECK(topology["additionalProperties"] == false);
}

TEST_CASE("json schema: every reader ignores \"$schema\" at the top of its file") {
  std::vector<drsim::Diagnostic> problems;
  auto topology = valid_topology();
  topology["$schema"] = "../schema/topology.schema.json";
  drsim::read_topology(topology, "topology.json", "", problems);
  auto scenario = valid_scenario();
  scenario["$schema"] = "schema/scenario.schema.json";
  scenario["topology"] = valid_topology();
  scenario["topology"]["$schema"] = "inline";
  drsim::read_scenario(scenario, scenario_file, problems);
  auto bindings = read_document(DRSIM_SOURCE_DIR "/scenarios/bindings/web-shop.bindings.json");
  CHECK(bindings.contains("$schema"));
  drsim::fis::read_bindings(bindings, "bindings.json", problems);
  CHECK(printed(problems) == Lines{});
  // Elsewhere it is an unknown key like any other.
  topology["regions"][0]["$schema"] = "x";
  drsim::read_topology(topology, "topology.json", "", problems);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/regions/0/$schema");
}

TEST_CASE("json schema: the committed schema files are what `drsim schema` prints") {
  // scenarios/schema/ holds them so that the shipped files' "$schema" resolves in an editor; regenerate them with
  // `cmake --build --preset release --target schemas`.
  for (const std::string kind : {"topology", "scenario", "bindings"}) {
    INFO("scenarios/schema/" << kind << ".schema.json differs from `drsim schema " << kind
                             << "`; regenerate it with `cmake --build --preset release --target schemas`");
    std::ostringstream out, err;
    CHECK(drsim::run_cli({"schema", kind}, out, err) == 0);
    CHECK(err.str().empty());
    CHECK(read_text(DRSIM_SOURCE_DIR "/scenarios/schema/" + kind + ".schema.json") == out.str());
  }
}

TEST_CASE("json schema: drsim schema, its help and its usage errors") {
  std::ostringstream out, err;
  CHECK(drsim::run_cli({"schema", "--help"}, out, err) == 0);
  CHECK(out.str().starts_with("Usage: drsim schema topology|scenario|bindings [--output FILE]\n"));
  std::ostringstream none_out, none_err;
  CHECK(drsim::run_cli({"schema"}, none_out, none_err) == 2);
  CHECK(none_err.str() == "drsim: schema needs one KIND: topology, scenario or bindings; run `drsim schema --help`\n");
  std::ostringstream typo_out, typo_err;
  CHECK(drsim::run_cli({"schema", "topolgy"}, typo_out, typo_err) == 2);
  CHECK(typo_err.str() == "drsim: unknown kind \"topolgy\"; did you mean \"topology\"?\n");
  CHECK(typo_out.str().empty());
}
