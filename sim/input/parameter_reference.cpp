#include "sim/input/parameter_reference.hpp"

#include <cmath>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>

#include "sim/core/units.hpp"
#include "sim/input/messages.hpp"

namespace drsim {
namespace {

using nlohmann::json;

constexpr std::string_view block_start = "<!-- parameters ";
constexpr std::string_view block_end = "<!-- end of parameters -->";

// Base units per one of the parameter's unit ("h": 3600).
double unit_factor(Quantity quantity, std::string_view unit) {
  const auto factor = parse_quantity(quantity, "1" + std::string(unit));
  if (!factor)
    throw std::logic_error("parameter unit " + std::string(unit) + " is not a " + quantity_name(quantity) + " unit");
  return *factor;
}

// A bound as the range's words show it: a duration as reports print one (whole Julian years as years), another
// quantity in the parameter's unit, zero of a quantity as the word.
std::string bound_text(const Parameter& parameter, double value) {
  const auto quantity = parameter.type == ValueType::Distribution ? Quantity::Duration : quantity_of(parameter.type);
  if (!quantity)
    return format_number(value);
  if (value == 0)
    return "zero";
  if (quantity != Quantity::Duration)
    return written_value(parameter, value).get<std::string>();
  if (value >= seconds_per_year && std::fmod(value, seconds_per_year) == 0)
    return format_number(value / seconds_per_year) + " years";
  return format_duration(value);
}

// JSON as the README shows it: on one line, with a space after each comma and colon.
std::string spaced(const json& value) {
  std::string text;
  if (value.is_object()) {
    for (const auto& [key, member] : value.items())
      text += (text.empty() ? "" : ", ") + json(key).dump() + ": " + spaced(member);
    return "{" + text + "}";
  }
  if (value.is_array()) {
    for (const auto& element : value)
      text += (text.empty() ? "" : ", ") + spaced(element);
    return "[" + text + "]";
  }
  return value.is_number_float() ? format_number(value.get<double>()) : value.dump();
}

std::string type_words(const Parameter& parameter) {
  if (const auto quantity = quantity_of(parameter.type))
    return quantity_name(*quantity);
  std::string name;
  switch (parameter.type) {
  case ValueType::Boolean:
    return "boolean";
  case ValueType::Text:
    return "string";
  case ValueType::Distribution:
    return "distribution";
  case ValueType::Integer:
  case ValueType::Unsigned:
    name = "integer";
    break;
  default:
    name = "number";
    break;
  }
  return parameter.unit.empty() ? name : name + " (" + std::string(parameter.unit) + ")";
}

std::string default_words(const Parameter& parameter) {
  std::string text;
  switch (parameter.by_default.kind) {
  case Default::Kind::Required:
    text = "*required*";
    break;
  case Default::Kind::Absent:
    text = parameter.by_default.text;
    break;
  default:
    text = "`" + spaced(default_json(parameter)) + "`";
    break;
  }
  return parameter.when.empty() ? text : text + " for " + std::string(parameter.when);
}

// A table cell: a '|' would end it.
std::string cell(std::string_view text) {
  std::string escaped;
  for (const char c : text)
    escaped += c == '|' ? std::string("\\|") : std::string(1, c);
  return escaped;
}

struct Block {
  InputFile file;
  std::string location;
  std::size_t content_start; //!< the first byte after the opening line
  std::size_t content_end;   //!< the first byte of the closing line
  std::vector<const Parameter*> parameters;
};

std::vector<Block> find_blocks(std::string_view text) {
  std::vector<Block> blocks;
  for (std::size_t at = text.find(block_start); at != std::string_view::npos; at = text.find(block_start, at)) {
    const std::size_t line_end = text.find('\n', at);
    const std::string_view line = text.substr(at, line_end - at);
    if (line_end == std::string_view::npos || !line.ends_with(" -->"))
      throw std::runtime_error("a parameter table's opening line must end with \" -->\": " + std::string(line));
    std::string_view words = line.substr(block_start.size(), line.size() - block_start.size() - 4);
    const std::size_t space = words.find(' ');
    const std::string_view file = words.substr(0, space);
    if (file != "topology" && file != "scenario")
      throw std::runtime_error("a parameter table is of a \"topology\" or a \"scenario\", not of \"" +
                               std::string(file) + "\"");
    const std::string location(space == std::string_view::npos ? "" : words.substr(space + 1));
    const std::size_t end = text.find(block_end, line_end);
    if (end == std::string_view::npos)
      throw std::runtime_error("the parameter table of " + std::string(file) + " " + location + " is not closed by " +
                               std::string(block_end));
    blocks.push_back({file == "topology" ? InputFile::Topology : InputFile::Scenario, location, line_end + 1, end, {}});
    at = end;
  }
  return blocks;
}

} // namespace

std::string type_text(const Parameter& parameter) { return type_words(parameter); }

std::string default_text(const Parameter& parameter) { return default_words(parameter); }

std::string range_text(const Parameter& parameter) {
  const Range& range = parameter.range;
  if (!range.choices.empty()) {
    std::vector<std::string> values;
    for (const double choice : range.choices)
      values.push_back(bound_text(parameter, choice));
    return join_alternatives(values);
  }
  // A quantity or a distribution is never negative: a minimum of 0 says nothing.
  const bool signed_value = parameter.type == ValueType::Number || parameter.type == ValueType::Integer;
  const bool has_min = range.min_exclusive || (range.min != -unbounded && (signed_value || range.min != 0));
  const bool has_max = range.max != unbounded;
  if (range.min_exclusive)
    return "greater than " + bound_text(parameter, range.min) +
           (has_max ? " and at most " + bound_text(parameter, range.max) : "");
  if (has_min && has_max)
    return "from " + bound_text(parameter, range.min) + " to " + bound_text(parameter, range.max);
  if (has_min)
    return "at least " + bound_text(parameter, range.min);
  if (has_max)
    return "at most " + bound_text(parameter, range.max);
  return "";
}

json written_value(const Parameter& parameter, double value) {
  switch (parameter.type) {
  case ValueType::Boolean:
    return value != 0;
  case ValueType::Integer:
    return static_cast<std::int64_t>(value);
  case ValueType::Unsigned:
    return static_cast<std::uint64_t>(value);
  case ValueType::Number:
  case ValueType::Text:
    return value;
  case ValueType::Duration:
  case ValueType::Size:
  case ValueType::Bandwidth:
  case ValueType::Rate:
  case ValueType::Distribution:
    break;
  }
  const Quantity quantity =
      parameter.type == ValueType::Distribution ? Quantity::Duration : *quantity_of(parameter.type);
  return format_number(value / unit_factor(quantity, parameter.unit)) + std::string(parameter.unit);
}

json default_json(const Parameter& parameter) {
  const Default& fallback = parameter.by_default;
  switch (fallback.kind) {
  case Default::Kind::Required:
  case Default::Kind::Absent:
    return nullptr;
  case Default::Kind::Value:
    return written_value(parameter, fallback.value);
  case Default::Kind::Uniform:
    return {{"uniform", {written_value(parameter, fallback.value), written_value(parameter, fallback.upper)}}};
  case Default::Kind::Lognormal:
    return {
        {"lognormal",
         {{"median", written_value(parameter, fallback.value)}, {"p95", written_value(parameter, fallback.upper)}}}};
  case Default::Kind::Text:
    return std::string(fallback.text);
  }
  return nullptr;
}

std::string parameter_table_markdown(std::string_view location, std::span<const Parameter* const> parameters) {
  std::string table = "| key | type | default | range | meaning | source of the default |\n"
                      "|---|---|---|---|---|---|\n";
  for (const Parameter* parameter : parameters) {
    const std::string_view key = parameter->location.substr(location.size() + 1);
    table += fmt::format("| `{}` | {} | {} | {} | {} | {} |\n", cell(key), cell(type_text(*parameter)),
                         cell(default_text(*parameter)), cell(range_text(*parameter)), cell(parameter->description),
                         cell(parameter->source));
  }
  return table;
}

std::string update_parameter_reference(std::string_view text) {
  auto blocks = find_blocks(text);
  for (const Parameter* parameter : all_parameters()) {
    Block* home = nullptr;
    for (auto& block : blocks)
      if (block.file == parameter->file && parameter->location.starts_with(block.location + "/") &&
          (home == nullptr || block.location.size() > home->location.size()))
        home = &block;
    if (home == nullptr)
      throw std::runtime_error("no parameter table takes " + std::string(parameter->location) + "; add a line \"" +
                               std::string(block_start) +
                               (parameter->file == InputFile::Topology ? "topology" : "scenario") +
                               " LOCATION -->\" to the README, then an end line");
    home->parameters.push_back(parameter);
  }
  std::string updated;
  std::size_t copied = 0;
  for (const auto& block : blocks) {
    if (block.parameters.empty())
      throw std::runtime_error("the parameter table of " + block.location + " has no parameters");
    updated.append(text.substr(copied, block.content_start - copied));
    updated += parameter_table_markdown(block.location, block.parameters);
    copied = block.content_end;
  }
  updated.append(text.substr(copied));
  return updated;
}

} // namespace drsim
