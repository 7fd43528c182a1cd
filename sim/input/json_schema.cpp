#include "sim/input/json_schema.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <vector>

#include "sim/core/parameters.hpp"
#include "sim/core/units.hpp"
#include "sim/input/parameter_reference.hpp"

namespace drsim {
namespace {

using Json = nlohmann::ordered_json;
using format::Key;
using format::Node;
using format::Type;

// The dialect of every schema drsim writes.
constexpr std::string_view dialect = "https://json-schema.org/draft/2020-12/schema";

// A pattern that the whole string must match.
std::string anchored(std::string_view pattern) { return "^(?:" + std::string(pattern) + ")$"; }

std::string units_text(Quantity quantity) {
  std::string text(format::unit_names(quantity));
  std::string words;
  for (std::size_t start = 0;;) {
    const std::size_t bar = text.find('|', start);
    words += (words.empty() ? "" : ", ") + text.substr(start, bar - start);
    if (bar == std::string::npos)
      break;
    start = bar + 1;
  }
  return words;
}

// Whether a quantity or a distribution's fixed value must be greater than zero for the range to hold.
bool positive(const Range& range) {
  if (!range.choices.empty())
    return std::all_of(range.choices.begin(), range.choices.end(), [](double choice) { return choice > 0; });
  return range.min > 0 || (range.min == 0 && range.min_exclusive);
}

Json quantity_schema(Quantity quantity, bool greater_than_zero) {
  return {{"type", "string"}, {"pattern", format::quantity_pattern(quantity, greater_than_zero)}};
}

// Sets the numeric bounds of a range on a number or integer schema.
void set_bounds(Json& schema, const Range& range) {
  if (!range.choices.empty()) {
    Json values = Json::array();
    for (const double choice : range.choices)
      values.push_back(choice);
    schema["enum"] = values;
    return;
  }
  if (std::isfinite(range.min))
    schema[range.min_exclusive ? "exclusiveMinimum" : "minimum"] = range.min;
  if (std::isfinite(range.max))
    schema["maximum"] = range.max;
}

// A bound as JSON: an integer where it is one, so that the schema reads as the README does.
Json number(double value) {
  if (value == std::trunc(value) && std::abs(value) < 9e15)
    return static_cast<std::int64_t>(value);
  return value;
}

void integral_bounds(Json& schema) {
  for (const char* bound : {"minimum", "exclusiveMinimum", "maximum"})
    if (schema.contains(bound))
      schema[bound] = number(schema[bound].get<double>());
}

// Every declaration of the parameter's key at its location: one per case when its default depends on another key.
std::vector<const Parameter*> declarations(const Parameter& parameter) {
  std::vector<const Parameter*> found;
  for (const Parameter* other : all_parameters())
    if (other->file == parameter.file && other->location == parameter.location)
      found.push_back(other);
  return found;
}

std::string sentence(std::string text) {
  if (!text.empty() && text.back() != '.')
    text += '.';
  return text;
}

class Generator {
public:
  Json document(const Node& root, std::string_view title) {
    Json schema{{"$schema", dialect}, {"title", title}};
    const Json object = object_schema(root);
    for (const auto& [key, value] : object.items())
      schema[key] = value;
    if (!defs_.empty())
      schema["$defs"] = defs_;
    return schema;
  }

private:
  // A value in place, or a reference to the definition of a named object.
  Json value_schema(const Node& node) {
    if (node.type == Type::Object && !node.name.empty()) {
      const std::string name(node.name);
      if (const auto found = defined_.find(name); found == defined_.end()) {
        defined_.emplace(name, &node);
        defs_[name] = nullptr; // its place, in the order first met
        defs_[name] = object_schema(node);
      } else if (found->second != &node)
        throw std::logic_error("two objects are named " + name + " in one schema");
      return {{"$ref", "#/$defs/" + name}};
    }
    switch (node.type) {
    case Type::Object:
      return object_schema(node);
    case Type::Marker:
      return {{"const", 1}};
    case Type::Name:
      return {{"type", "string"}, {"minLength", 1}, {"not", {{"pattern", std::string(format::unprintable_character)}}}};
    case Type::Text: {
      Json schema{{"type", "string"}};
      if (!node.pattern.empty())
        schema["pattern"] = anchored(node.pattern);
      return schema;
    }
    case Type::Enum: {
      Json values = Json::array();
      for (const auto& name : node.names())
        values.push_back(name);
      return {{"enum", values}};
    }
    case Type::Array: {
      Json schema{{"type", "array"}, {"items", value_schema(*node.element)}};
      if (node.min_items > 0)
        schema["minItems"] = node.min_items;
      if (node.max_items > 0)
        schema["maxItems"] = node.max_items;
      if (node.unique)
        schema["uniqueItems"] = true;
      return schema;
    }
    case Type::Map: {
      Json schema{{"type", "object"}};
      if (!node.pattern.empty())
        schema["propertyNames"] = {{"pattern", anchored(node.pattern)}};
      schema["additionalProperties"] = value_schema(*node.element);
      if (node.min_items > 0)
        schema["minProperties"] = node.min_items;
      if (node.max_items > 0)
        schema["maxProperties"] = node.max_items;
      if (!node.keys.empty()) {
        Json required = Json::array();
        for (const auto& key : node.keys)
          if (key.required)
            required.push_back(key.key());
        schema["required"] = required;
      }
      return schema;
    }
    case Type::Duration:
      return quantity_schema(Quantity::Duration, node.positive);
    case Type::Number: {
      Json schema{{"type", "number"}, {node.positive ? "exclusiveMinimum" : "minimum", number(node.minimum)}};
      schema["maximum"] = number(node.maximum);
      return schema;
    }
    case Type::Patch:
      return {{"type", "object"}};
    case Type::Either: {
      Json alternatives = Json::array();
      for (const Node* alternative : node.alternatives)
        alternatives.push_back(value_schema(*alternative));
      return {{"anyOf", alternatives}};
    }
    case Type::Parameter:
      break;
    }
    throw std::logic_error("a parameter node has no schema of its own");
  }

  Json parameter_schema(const Parameter& parameter) {
    const Range& range = parameter.range;
    Json schema;
    switch (parameter.type) {
    case ValueType::Boolean:
      return {{"type", "boolean"}};
    case ValueType::Integer:
      schema = {{"type", "integer"}};
      set_bounds(schema, range);
      integral_bounds(schema);
      return schema;
    case ValueType::Unsigned:
      return {{"type", "integer"}, {"minimum", 0}, {"maximum", std::numeric_limits<std::uint64_t>::max()}};
    case ValueType::Number:
      schema = {{"type", "number"}};
      set_bounds(schema, range);
      integral_bounds(schema);
      return schema;
    case ValueType::Text:
      return {{"type", "string"}};
    case ValueType::Distribution:
      return {{"anyOf", Json::array({quantity_schema(Quantity::Duration, positive(range)),
                                     value_schema(format::distribution)})}};
    case ValueType::Duration:
    case ValueType::Size:
    case ValueType::Bandwidth:
    case ValueType::Rate:
      break;
    }
    return quantity_schema(*quantity_of(parameter.type), positive(range));
  }

  // What a parameter is, in words: its meaning, then how it is written, its unit, its range and its default.
  static std::string parameter_words(const Parameter& parameter, std::string_view description) {
    std::string text = sentence(std::string(description.empty() ? parameter.description : description));
    if (const auto quantity = quantity_of(parameter.type))
      text += " A " + std::string(quantity_name(*quantity)) + ": a string with its unit (" + units_text(*quantity) +
              "), e.g. \"" + quantity_example(*quantity) + "\".";
    else if (parameter.type == ValueType::Distribution)
      text += " A duration with its unit (" + units_text(Quantity::Duration) +
              "), e.g. \"5m\", or a distribution object such as {\"lognormal\": {\"median\": \"5m\", \"p95\": "
              "\"20m\"}}.";
    else if (!parameter.unit.empty())
      text += " Unit: " + std::string(parameter.unit) + ".";
    if (const auto range = range_text(parameter); !range.empty())
      text += " Range: " + range + (parameter.type == ValueType::Distribution ? " (of its mean)" : "") + ".";
    std::string defaults;
    for (const Parameter* declaration : declarations(parameter))
      if (declaration->by_default.kind != Default::Kind::Required)
        defaults += (defaults.empty() ? "" : "; ") + default_text(*declaration);
    if (!defaults.empty())
      text += " Default: " + defaults + ".";
    return text;
  }

  // The schema of one declaration of a key, without its description.
  Json key_value(const Key& key) {
    if (key.value != nullptr)
      return value_schema(*key.value);
    return parameter_schema(*key.parameter);
  }

  Json property(const Key& key) {
    Json schema = key_value(key);
    std::string description;
    if (key.parameter != nullptr)
      description = parameter_words(*key.parameter, key.description);
    else {
      description = sentence(std::string(key.description.empty() ? key.value->description : key.description));
      if (key.value != nullptr && key.value->type == Type::Duration)
        description += " A duration: a string with its unit (" + units_text(Quantity::Duration) + "), e.g. \"90s\".";
    }
    Json described{{"description", description}};
    if (key.parameter != nullptr && declarations(*key.parameter).size() == 1)
      if (const auto fallback = default_json(*key.parameter); !fallback.is_null())
        described["default"] = Json::parse(fallback.dump());
    for (auto& [name, value] : schema.items())
      described[name] = value;
    return described;
  }

  // The condition "the discriminator is one of `values`" (an absent one stands for its `when_absent`).
  static Json condition(const format::Discriminator& discriminator, std::span<const std::string_view> values) {
    Json names = Json::array();
    for (const auto value : values)
      names.push_back(value);
    Json condition{{"properties", {{discriminator.key, {{"enum", names}}}}}};
    if (std::find(values.begin(), values.end(), discriminator.when_absent) == values.end())
      condition["required"] = Json::array({discriminator.key});
    return condition;
  }

  // The rules of keys that apply to some values of the object's discriminator only: each an "if" on the
  // discriminator and what holds then (or else) of the object; `wrap` places that on the object that holds the
  // discriminator.
  template <class Wrap> void conditional_rules(const Node& node, Json& rules, Wrap wrap) {
    if (node.discriminator.key.empty())
      return;
    std::vector<std::string_view> names;
    for (const auto& key : node.keys)
      if (std::find(names.begin(), names.end(), key.key()) == names.end())
        names.push_back(key.key());
    for (const auto name : names) {
      std::vector<const Key*> cases;
      for (const auto& key : node.keys)
        if (key.key() == name)
          cases.push_back(&key);
      std::vector<std::string_view> allowed;
      bool everywhere = false;
      for (const Key* entry : cases) {
        everywhere = everywhere || entry->only.empty();
        allowed.insert(allowed.end(), entry->only.begin(), entry->only.end());
        if (entry->only.empty())
          continue;
        Json then = Json::object();
        if (entry->required)
          then["required"] = Json::array({name});
        if (cases.size() > 1)
          then["properties"] = {{name, key_value(*entry)}};
        if (!then.empty())
          rules.push_back({{"if", condition(node.discriminator, entry->only)}, {"then", wrap(then)}});
      }
      if (!everywhere)
        rules.push_back(
            {{"if", condition(node.discriminator, allowed)}, {"else", wrap(Json{{"properties", {{name, false}}}})}});
    }
  }

  Json object_schema(const Node& node) {
    Json schema{{"type", "object"}};
    if (!node.description.empty())
      schema["description"] = sentence(std::string(node.description));
    Json properties = Json::object();
    Json rules = Json::array();
    Json dependent = Json::object();
    for (const auto& key : node.keys) {
      const std::string name(key.key());
      if (properties.contains(name))
        continue;
      std::vector<const Key*> cases;
      for (const auto& other : node.keys)
        if (other.key() == key.key())
          cases.push_back(&other);
      if (cases.size() == 1)
        properties[name] = property(key);
      else {
        // What the key holds depends on the discriminator: any of its cases here, the one that applies below.
        std::string description;
        Json alternatives = Json::array();
        for (const Key* entry : cases) {
          auto described = property(*entry);
          if (!description.empty())
            description += ' ';
          // Each case said with the values it is for: "rto, rpo: a duration ...".
          for (std::size_t i = 0; i < entry->only.size(); ++i)
            description.append(i == 0 ? "" : ", ")
                .append(entry->only[i])
                .append(i + 1 == entry->only.size() ? ": " : "");
          description += described["description"].get<std::string>();
          const auto value = key_value(*entry);
          if (std::find(alternatives.begin(), alternatives.end(), value) == alternatives.end())
            alternatives.push_back(value);
        }
        properties[name] = {{"description", description}, {"anyOf", alternatives}};
      }
      if (!key.needs.empty())
        dependent[name] = Json::array({key.needs});
      // A child whose keys depend on this object's discriminator: its rules stand here.
      const Node* child = key.value;
      bool listed = false;
      if (child != nullptr && child->type == Type::Array) {
        child = child->element;
        listed = true;
      }
      if (child != nullptr && child->type == Type::Object && child->discriminator.in_parent)
        conditional_rules(*child, rules, [&](const Json& then) {
          return Json{{"properties", {{name, listed ? Json{{"items", then}} : then}}}};
        });
    }
    schema["properties"] = properties;
    const auto lists = format::key_lists(node);
    if (!lists.required.empty()) {
      Json required = Json::array();
      for (const auto key : lists.required)
        required.push_back(key);
      schema["required"] = required;
    }
    schema["additionalProperties"] = false;
    if (!dependent.empty())
      schema["dependentRequired"] = dependent;
    if (!node.discriminator.in_parent)
      conditional_rules(node, rules, [](const Json& then) { return then; });
    for (const auto& [group, keyword] : {std::pair{node.at_least_one, "anyOf"}, std::pair{node.exactly_one, "oneOf"}})
      if (!group.empty()) {
        Json choices = Json::array();
        for (const auto key : group)
          choices.push_back({{"required", Json::array({key})}});
        rules.push_back({{keyword, choices}});
      }
    if (!rules.empty())
      schema["allOf"] = rules;
    return schema;
  }

  Json defs_ = Json::object();
  std::map<std::string, const Node*> defined_;
};

} // namespace

nlohmann::ordered_json json_schema(const format::Node& root, std::string_view title) {
  return Generator().document(root, title);
}

std::string json_schema_text(const format::Node& root, std::string_view title) {
  return json_schema(root, title).dump(2) + "\n";
}

} // namespace drsim
