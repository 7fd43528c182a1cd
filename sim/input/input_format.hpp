// The structure of drsim's input files, declared once: which objects, arrays and maps each file holds, their keys,
// which keys are required, which apply only to some kinds of the object ("region" only to an instance-loss fault),
// and what each key holds, with a description. Declared parameters (sim/core/parameters.hpp) bring their type, range,
// unit and default. The readers take their keys from here (JsonNode::expect_object), and the JSON Schema of each
// file (json_schema.hpp, `drsim schema`) is generated from the same declarations, so that the schema and the
// readers cannot drift apart.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/parameters.hpp"

namespace drsim::format {

enum class Type {
  Parameter, //!< a declared parameter's value: Key::parameter's type, range and unit
  Marker,    //!< the format version, the integer 1
  Name,      //!< a non-empty string of printable characters (JsonNode::as_name)
  Text,      //!< any string, or one matching `pattern` whole
  Enum,      //!< one of `names()`
  Array,     //!< an array of `element`
  Object,    //!< an object of `keys`
  Map,       //!< an object whose member names are chosen by the user (regions, percentiles), each an `element`
  Duration,  //!< a duration string with its unit (`positive`: greater than zero)
  Number,    //!< a plain JSON number from `minimum` to `maximum` (`positive`: greater than `minimum`)
  Patch,     //!< any object: a JSON merge patch
  Either,    //!< one of `alternatives`
};

struct Node;

// A key of an object.
struct Key {
  std::string_view name;                  //!< empty: the parameter's key
  const Parameter* parameter = nullptr;   //!< the declaration it reads, for its type, range, default and meaning
  const Node* value = nullptr;            //!< what it holds; null: the parameter's value
  bool required = false;                  //!< required (where it applies, see `only`)
  std::string_view description;           //!< empty: the parameter's, else the value's
  std::span<const std::string_view> only; //!< the values of the object's discriminator it applies to; empty: all
  std::string_view needs;                 //!< a key of the same object without which it may not be given

  constexpr std::string_view key() const { return name.empty() ? parameter->key() : name; }
};

// The key whose value decides which other keys apply ("kind" of a fault, "action" of a runbook step).
struct Discriminator {
  std::string_view key;         //!< empty: none
  bool in_parent = false;       //!< the key is the parent object's ("preset" of the strategy of preset_parameters)
  std::string_view when_absent; //!< the value an absent key stands for ("failover"); empty: none
};

struct Node {
  Type type = Type::Object;
  std::string_view name;        //!< an object's name in the schema's $defs; empty: written in place
  std::string_view description; //!< what it is
  std::span<const Key> keys;    //!< Object: its keys; Map: the members it requires
  Discriminator discriminator;
  std::span<const std::string_view> at_least_one; //!< Object: at least one of these keys
  std::span<const std::string_view> exactly_one;  //!< Object: exactly one of these keys
  const Node* element = nullptr;                  //!< Array, Map: what each element is
  std::size_t min_items = 0;                      //!< Array, Map: fewest elements
  std::size_t max_items = 0;                      //!< Array, Map: most elements; 0: no limit
  bool unique = false;                            //!< Array: no element twice
  std::string_view pattern; //!< Text: an ECMAScript regular expression the whole string matches; Map: member names
  std::vector<std::string> (*names)() = nullptr; //!< Enum: the names allowed
  double minimum = 0, maximum = 0;               //!< Number
  bool positive = false;                         //!< Duration, Number: greater than zero (`minimum`)
  std::span<const Node* const> alternatives;     //!< Either
};

// The keys of an object that apply to a value of its discriminator (nullopt: the value is absent or unknown, and
// every key applies, required only where it applies to every value).
struct KeyLists {
  std::vector<std::string_view> required, optional;
};
KeyLists key_lists(const Node& object, std::optional<std::string_view> variant = std::nullopt);

// The units of a quantity that parse_quantity accepts, separated by '|': "ms|s|m|h|d|w".
std::string_view unit_names(Quantity quantity);

// The regular expression (ECMAScript) of the quantity strings parse_quantity accepts, up to magnitude: a number
// (JSON style, without a sign but for a negative zero), optional spaces, one of the quantity's units. `positive`
// leaves out zero (and bandwidth, which may not be zero, always does). Anchored with ^ and $.
std::string quantity_pattern(Quantity quantity, bool positive = false);

// Characters a name may not hold (JsonNode::as_name), as a regular expression of one character.
inline constexpr std::string_view unprintable_character =
    "[\\u0000-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF]";

// The files.
extern const Node topology; //!< a topology file's root object
extern const Node scenario; //!< a scenario file's root object

// The objects the readers check, by what they are.
namespace topology_objects {
extern const Node region, network, intra_region, internet, link, client, dns_record, endpoint, endpoint_role,
    endpoint_health_check, load_balancer, target_health_check, fleet, capacity, database, primary, replica, backup,
    object_store, queue, prices;
} // namespace topology_objects
namespace scenario_objects {
extern const Node recovery, fault, random_failure, common_cause, strategy, preset_parameters, runbook, step, on,
    healthy_on, objective;
} // namespace scenario_objects

// The object forms of a distribution ({"uniform": [...]}, {"lognormal": {...}}): their keys, each holding its
// parameters.
extern const Node distribution;

} // namespace drsim::format
