#include "sim/input/json_node.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <stdexcept>
#include <utility>

#include <fmt/format.h>

#include "sim/input/messages.hpp"
#include "sim/input/parameter_reference.hpp"

namespace drsim {

using nlohmann::json;

void DiagnosticSink::add(std::string pointer, std::string message) const {
  // A large file with a systematic mistake (a thousand references to a renamed component) would otherwise make
  // gigabytes of messages. Problems past the first ones are still counted, so readers that compare the number of
  // problems before and after reading a value still see each one, but they cost no text.
  if (problems->size() >= most_listed_problems) {
    problems->push_back({{}, {}, {}, false});
    return;
  }
  if (message.size() > longest_message) {
    std::size_t cut = longest_message;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80)
      --cut; // not inside a UTF-8 sequence
    message.resize(cut);
    message += "...";
  }
  problems->push_back({file, std::move(pointer), std::move(message)});
}

namespace {

// What in `text` a name may not hold, or empty when it is printable throughout. Names end up in terminals, CSV
// files, XML and HTML: control characters (C0, DEL, C1) break lines and terminals, and noncharacters (U+FFFE,
// U+FFFF and the like) and surrogates are not characters at all, which an XML document may not hold even escaped.
std::string unprintable(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    if (length == 0 || i + length > text.size())
      return "bytes that are not UTF-8";
    char32_t code_point = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80)
        return "bytes that are not UTF-8";
      code_point = code_point << 6 | (next & 0x3F);
    }
    i += length;
    if (code_point < 0x20 || (code_point >= 0x7F && code_point <= 0x9F))
      return "control characters";
    if (code_point >= 0xD800 && code_point <= 0xDFFF)
      return fmt::format("U+{:04X}, a lone surrogate", static_cast<std::uint32_t>(code_point));
    if ((code_point >= 0xFDD0 && code_point <= 0xFDEF) || (code_point & 0xFFFE) == 0xFFFE)
      return fmt::format("U+{:04X}, which is not a character", static_cast<std::uint32_t>(code_point));
  }
  return {};
}

} // namespace

JsonNode::JsonNode(const json& value, std::string pointer, const DiagnosticSink& sink)
    : value_(&value), pointer_(std::move(pointer)), sink_(&sink) {}

void JsonNode::problem(std::string message) const { sink_->add(pointer_, std::move(message)); }

std::optional<JsonNode> JsonNode::field(std::string_view key) const {
  if (!value_->is_object())
    return std::nullopt;
  const auto it = value_->find(key);
  if (it == value_->end())
    return std::nullopt;
  return JsonNode(*it, pointer_ + "/" + escape_pointer_token(key), *sink_);
}

bool JsonNode::expect_object(const std::vector<std::string_view>& required,
                             const std::vector<std::string_view>& optional) const {
  if (!value_->is_object()) {
    problem("must be an object, not " + describe_value(*value_));
    return false;
  }
  std::vector<std::string> allowed(required.begin(), required.end());
  allowed.insert(allowed.end(), optional.begin(), optional.end());
  for (const auto& [key, member] : value_->items())
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end())
      sink_->add(pointer_ + "/" + escape_pointer_token(key), "unknown key" + suggestion(key, allowed, allowed.size()));
  for (const auto key : required)
    if (!value_->contains(key))
      problem("missing required key " + in_quotes(key));
  return true;
}

bool JsonNode::expect_object(const format::Node& object, std::optional<std::string_view> variant) const {
  const auto lists = format::key_lists(object, variant);
  return expect_object(lists.required, lists.optional);
}

std::vector<JsonNode> JsonNode::elements(std::string_view required) const {
  std::vector<JsonNode> nodes;
  if (!value_->is_array()) {
    problem("must be an array, not " + describe_value(*value_));
    return nodes;
  }
  if (value_->empty() && !required.empty())
    problem("must not be empty; expected at least 1 " + std::string(required));
  for (std::size_t i = 0; i < value_->size(); ++i)
    nodes.emplace_back((*value_)[i], pointer_ + "/" + std::to_string(i), *sink_);
  return nodes;
}

std::vector<JsonNode> JsonNode::elements(std::string_view required, std::size_t most, std::string_view kind) const {
  auto nodes = elements(required);
  if (nodes.size() > most) {
    problem(
        fmt::format("has {} {}; drsim accepts at most {} (see \"Limits\" in the README)", nodes.size(), kind, most));
    nodes.erase(nodes.begin() + static_cast<std::ptrdiff_t>(most), nodes.end());
  }
  return nodes;
}

std::optional<std::string> JsonNode::as_string() const {
  if (!value_->is_string()) {
    problem("must be a string, not " + describe_value(*value_));
    return std::nullopt;
  }
  return value_->get<std::string>();
}

std::optional<std::string> JsonNode::as_name() const {
  auto text = as_string();
  if (!text)
    return std::nullopt;
  if (text->empty()) {
    problem("must not be empty; expected a name");
    return std::nullopt;
  }
  if (const auto why = unprintable(*text); !why.empty()) {
    problem("must not contain " + why + ", not " + in_quotes(*text));
    return std::nullopt;
  }
  return text;
}

std::optional<bool> JsonNode::as_bool() const {
  if (!value_->is_boolean()) {
    problem("must be true or false, not " + describe_value(*value_));
    return std::nullopt;
  }
  return value_->get<bool>();
}

std::optional<double> JsonNode::as_number(double min, double max) const {
  const bool in_range = value_->is_number() && value_->get<double>() >= min && value_->get<double>() <= max;
  if (!in_range) {
    const std::string expected = max == std::numeric_limits<double>::infinity()
                                     ? "a number >= " + format_number(min)
                                     : "a number from " + format_number(min) + " to " + format_number(max);
    problem("must be " + expected + ", not " + describe_value(*value_));
    return std::nullopt;
  }
  return value_->get<double>();
}

std::optional<std::int64_t> JsonNode::as_integer(std::int64_t min, std::int64_t max) const {
  std::optional<std::int64_t> result;
  if (value_->is_number_integer() &&
      !(value_->is_number_unsigned() &&
        value_->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max())))
    result = value_->get<std::int64_t>();
  else if (value_->is_number_float()) {
    // "runs": 1e4 is an integer written in exponent form; 2.5 is not one at all.
    const double number = value_->get<double>();
    if (number == std::trunc(number) && number >= double(min) && number <= double(max))
      result = static_cast<std::int64_t>(number);
  }
  if (!result || *result < min || *result > max) {
    problem("must be an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", not " +
            describe_value(*value_));
    return std::nullopt;
  }
  return result;
}

std::optional<std::uint64_t> JsonNode::as_unsigned() const {
  if (value_->is_number_unsigned())
    return value_->get<std::uint64_t>();
  // Documents built in code hold small integers as signed.
  if (value_->is_number_integer() && value_->get<std::int64_t>() >= 0)
    return static_cast<std::uint64_t>(value_->get<std::int64_t>());
  if (value_->is_number_float()) {
    const double number = value_->get<double>();
    if (number == std::trunc(number) && number >= 0 && number < 18446744073709551616.0)
      return static_cast<std::uint64_t>(number);
  }
  problem("must be an integer from 0 to " + std::to_string(std::numeric_limits<std::uint64_t>::max()) + ", not " +
          describe_value(*value_));
  return std::nullopt;
}

std::optional<double> JsonNode::as_quantity(Quantity quantity) const {
  if (value_->is_number()) {
    problem("a " + std::string(quantity_name(quantity)) + " needs a unit, e.g. " +
            in_quotes(quantity_example(quantity, value_->dump())));
    return std::nullopt;
  }
  if (!value_->is_string()) {
    problem("must be a " + std::string(quantity_name(quantity)) + " string such as " +
            in_quotes(quantity_example(quantity)) + ", not " + describe_value(*value_));
    return std::nullopt;
  }
  const auto& text = value_->get_ref<const std::string&>();
  const auto parsed = parse_quantity(quantity, text);
  if (!parsed)
    problem(quantity_error(quantity, text));
  return parsed;
}

std::optional<Distribution> JsonNode::as_distribution() const {
  if (value_->is_string() || value_->is_number()) {
    const auto fixed = as_quantity(Quantity::Duration);
    return fixed ? std::optional(Distribution::fixed(*fixed)) : std::nullopt;
  }
  static const std::vector<std::string> kinds = [] {
    std::vector<std::string> names;
    for (const auto& key : format::distribution.keys)
      names.emplace_back(key.key());
    return names;
  }();
  // The keys of a form's parameters, as declared.
  const auto form = [](std::string_view name) -> const format::Node& {
    for (const auto& key : format::distribution.keys)
      if (key.key() == name)
        return *key.value;
    throw std::logic_error("no distribution form " + std::string(name));
  };
  if (!value_->is_object() || value_->size() != 1) {
    problem(
        "must be a duration such as \"90s\" or an object with one key naming the distribution (" +
        join_alternatives(kinds) + "), not " +
        (value_->is_object() ? "an object with " + std::to_string(value_->size()) + " keys" : describe_value(*value_)));
    return std::nullopt;
  }
  const std::string& kind = value_->begin().key();
  const JsonNode parameters(value_->begin().value(), pointer_ + "/" + escape_pointer_token(kind), *sink_);
  const auto duration = [&](std::string_view key) -> std::optional<double> {
    const auto member = parameters.field(key);
    return member ? member->as_quantity(Quantity::Duration) : std::nullopt;
  };

  if (kind == "uniform") {
    const auto bounds = parameters.elements();
    if (bounds.size() != 2) {
      if (parameters.value().is_array())
        parameters.problem("must be [low, high], two durations, not " + std::to_string(bounds.size()) + " elements");
      return std::nullopt;
    }
    const auto low = bounds[0].as_quantity(Quantity::Duration);
    const auto high = bounds[1].as_quantity(Quantity::Duration);
    if (!low || !high)
      return std::nullopt;
    if (*low > *high) {
      parameters.problem("low " + format_duration(*low) + " is above high " + format_duration(*high) +
                         "; expected [low, high] with low <= high");
      return std::nullopt;
    }
    return Distribution::uniform(*low, *high);
  }
  if (kind == "normal") {
    if (!parameters.expect_object(form("normal")))
      return std::nullopt;
    const auto mean = duration("mean");
    const auto sd = duration("sd");
    return mean && sd ? std::optional(Distribution::normal(*mean, *sd)) : std::nullopt;
  }
  if (kind == "lognormal") {
    if (!parameters.expect_object(form("lognormal")))
      return std::nullopt;
    const auto median = duration("median");
    const auto p95 = duration("p95");
    if (!median || !p95)
      return std::nullopt;
    if (*median <= 0) {
      parameters.field("median")->problem("must be greater than zero");
      return std::nullopt;
    }
    if (*p95 <= *median) {
      parameters.field("p95")->problem("must be greater than the median (" + format_duration(*median) + ")");
      return std::nullopt;
    }
    return Distribution::lognormal(*median, *p95);
  }
  if (kind == "exponential") {
    if (!parameters.expect_object(form("exponential")))
      return std::nullopt;
    const auto mean = duration("mean");
    if (mean && *mean <= 0) {
      parameters.field("mean")->problem("must be greater than zero");
      return std::nullopt;
    }
    return mean ? std::optional(Distribution::exponential(*mean)) : std::nullopt;
  }
  if (kind == "weibull") {
    if (!parameters.expect_object(form("weibull")))
      return std::nullopt;
    const auto shape_member = parameters.field("shape");
    std::optional<double> shape;
    if (shape_member)
      shape = shape_member->as_number(0, 1e6);
    const auto scale = duration("scale");
    if (shape && *shape == 0) {
      shape_member->problem("must be greater than zero");
      return std::nullopt;
    }
    if (scale && *scale == 0) {
      parameters.field("scale")->problem("must be greater than zero");
      return std::nullopt;
    }
    return shape && scale ? std::optional(Distribution::weibull(*shape, *scale)) : std::nullopt;
  }
  if (kind == "empirical") {
    if (!parameters.value().is_object()) {
      parameters.problem(
          "must be an object of percentiles such as {\"p0\": \"1m\", \"p50\": \"5m\", \"p100\": \"30m\"}, not " +
          describe_value(parameters.value()));
      return std::nullopt;
    }
    // Keys are read in percentile order, not in the object's (alphabetical) order, to check that values rise.
    std::map<int, std::pair<double, JsonNode>> points;
    bool complete = true;
    for (const auto& [key, member] : parameters.value().items()) {
      const JsonNode point(member, parameters.pointer() + "/" + escape_pointer_token(key), *sink_);
      const std::string digits = key.size() > 1 && key[0] == 'p' ? key.substr(1) : "";
      const bool well_formed = !digits.empty() && digits.size() <= 3 &&
                               std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
                               (digits == "0" || digits[0] != '0') && std::stoi(digits) <= 100;
      if (!well_formed) {
        point.problem("unknown key; expected percentiles p0 to p100, e.g. \"p50\"");
        complete = false;
        continue;
      }
      const auto value = point.as_quantity(Quantity::Duration);
      if (value)
        points.emplace(std::stoi(digits), std::pair{*value, point});
      else
        complete = false;
    }
    for (const char* end : {"p0", "p100"})
      if (!parameters.value().contains(end)) {
        parameters.problem(std::string("missing required key ") + in_quotes(end) +
                           "; percentiles must run from p0 to p100");
        complete = false;
      }
    if (!complete)
      return std::nullopt;
    std::vector<std::pair<double, double>> curve;
    for (const auto& [percentile, entry] : points) {
      if (!curve.empty() && entry.first < curve.back().second) {
        entry.second.problem("is below a lower percentile's value (" + format_duration(curve.back().second) +
                             "); expected values that never decrease");
        return std::nullopt;
      }
      curve.emplace_back(percentile / 100.0, entry.first);
    }
    return Distribution::empirical(std::move(curve));
  }
  sink_->add(parameters.pointer(), "unknown distribution" + suggestion(kind, kinds));
  return std::nullopt;
}

std::optional<std::size_t> JsonNode::as_one_of(std::span<const std::string> allowed) const {
  const auto text = value_->is_string() ? &value_->get_ref<const std::string&>() : nullptr;
  if (text != nullptr)
    if (const auto it = std::find(allowed.begin(), allowed.end(), *text); it != allowed.end())
      return static_cast<std::size_t>(it - allowed.begin());
  std::vector<std::string> quoted;
  for (const auto& word : allowed)
    quoted.push_back(in_quotes(word));
  std::string message = "must be one of " + join_alternatives(quoted) + ", not " + describe_value(*value_);
  if (text != nullptr)
    if (const auto best = closest_match(*text, allowed); !best.empty())
      message += " (did you mean " + in_quotes(best) + "?)";
  problem(message);
  return std::nullopt;
}

bool JsonNode::read_string(std::string_view key, std::string& target) const {
  const auto member = field(key);
  const auto value = member ? member->as_string() : std::nullopt;
  if (value)
    target = *value;
  return value.has_value();
}

bool JsonNode::read_name(std::string_view key, std::string& target) const {
  const auto member = field(key);
  const auto value = member ? member->as_name() : std::nullopt;
  if (value)
    target = *value;
  return value.has_value();
}

bool JsonNode::read_bool(std::string_view key, bool& target) const {
  const auto member = field(key);
  const auto value = member ? member->as_bool() : std::nullopt;
  if (value)
    target = *value;
  return value.has_value();
}

bool JsonNode::read_number(std::string_view key, double& target, double min, double max) const {
  const auto member = field(key);
  const auto value = member ? member->as_number(min, max) : std::nullopt;
  if (value)
    target = *value;
  return value.has_value();
}

bool JsonNode::read_integer(std::string_view key, int& target, int min, int max) const {
  const auto member = field(key);
  const auto value = member ? member->as_integer(min, max) : std::nullopt;
  if (value)
    target = static_cast<int>(*value);
  return value.has_value();
}

bool JsonNode::read_quantity(std::string_view key, Quantity quantity, double& target) const {
  const auto member = field(key);
  const auto value = member ? member->as_quantity(quantity) : std::nullopt;
  if (value)
    target = *value;
  return value.has_value();
}

bool JsonNode::read_distribution(std::string_view key, Distribution& target) const {
  const auto member = field(key);
  const auto value = member ? member->as_distribution() : std::nullopt;
  if (value)
    target = *value;
  return value.has_value();
}

bool JsonNode::read_names(std::string_view key, std::vector<std::string>& target) const {
  const auto member = field(key);
  if (!member)
    return false;
  std::vector<std::string> names;
  bool valid = member->value().is_array();
  for (const auto& element : member->elements()) {
    const auto name = element.as_name();
    if (!name) {
      valid = false;
      continue;
    }
    if (std::find(names.begin(), names.end(), *name) != names.end()) {
      element.problem("duplicate " + in_quotes(*name) + "; expected each name once");
      valid = false;
      continue;
    }
    names.push_back(*name);
  }
  if (valid)
    target = std::move(names);
  return valid;
}

void check_format_version(const JsonNode& root, std::string_view marker) {
  const auto member = root.field(marker);
  if (!member)
    return;
  if (!member->value().is_number_integer())
    member->problem("must be the format version 1, not " + describe_value(member->value()));
  else if (member->value() != 1)
    member->problem("unsupported format version " + member->value().dump() + "; this drsim reads version 1");
}

bool JsonNode::check_reference(const std::string& name, const std::string& kind,
                               std::span<const std::string> names) const {
  if (std::find(names.begin(), names.end(), name) != names.end())
    return true;
  problem("unknown " + kind + " " + in_quotes(name) + (names.empty() ? "; none is defined" : suggestion(name, names)));
  return false;
}

bool JsonNode::read_reference(std::string_view key, std::string& target, const std::string& kind,
                              std::span<const std::string> names) const {
  const auto member = field(key);
  const auto name = member ? member->as_name() : std::nullopt;
  if (!name || !member->check_reference(*name, kind, names))
    return false;
  target = *name;
  return true;
}

std::optional<double> JsonNode::as_value(const Parameter& parameter) const {
  const auto& range = parameter.range;
  std::optional<double> value;
  if (const auto quantity = quantity_of(parameter.type))
    value = as_quantity(*quantity);
  else if (parameter.type == ValueType::Integer) {
    if (const auto integer = as_integer(static_cast<std::int64_t>(range.min), static_cast<std::int64_t>(range.max)))
      value = static_cast<double>(*integer);
  } else
    value = as_number(range.min, range.max);
  return value && check_range(parameter, *value) ? value : std::nullopt;
}

bool JsonNode::check_range(const Parameter& parameter, double value) const {
  if (parameter.range.contains(value))
    return true;
  const std::string bounds = range_text(parameter);
  const auto quantity = quantity_of(parameter.type);
  if (!quantity)
    // as_number has checked [min, max]: what is left is an exclusive minimum, shown as 0 whatever its sign.
    problem("must be " + bounds + ", not " + format_number(value == 0 ? 0.0 : value));
  else if (parameter.range.min_exclusive && parameter.range.max == unbounded)
    // Zero, the one value a quantity can have below an exclusive minimum of zero: an example says more.
    problem("must be " + bounds + "; expected a " + quantity_name(*quantity) + " such as " +
            in_quotes(quantity_example(*quantity)));
  else
    problem("must be " + bounds + ", not " + value_->dump());
  return false;
}

bool JsonNode::read(const Parameter& parameter, double& target) const {
  const auto member = field(parameter.key());
  const auto value = member ? member->as_value(parameter) : std::nullopt;
  if (value)
    target = *value;
  return value.has_value();
}

bool JsonNode::read(const Parameter& parameter, int& target) const {
  const auto member = field(parameter.key());
  const auto value = member ? member->as_value(parameter) : std::nullopt;
  if (value)
    target = static_cast<int>(*value);
  return value.has_value();
}

bool JsonNode::read(const Parameter& parameter, std::uint64_t& target) const {
  const auto member = field(parameter.key());
  const auto value = member ? member->as_unsigned() : std::nullopt;
  if (value)
    target = *value;
  return value.has_value();
}

bool JsonNode::read(const Parameter& parameter, bool& target) const { return read_bool(parameter.key(), target); }

bool JsonNode::read(const Parameter& parameter, std::string& target) const {
  return read_string(parameter.key(), target);
}

bool JsonNode::read(const Parameter& parameter, Distribution& target) const {
  const auto member = field(parameter.key());
  const auto value = member ? member->as_distribution() : std::nullopt;
  if (!value)
    return false;
  if (!parameter.range.contains(value->mean())) {
    member->problem((value->is_fixed() ? "must be " : "must have a mean ") + range_text(parameter));
    return false;
  }
  target = *value;
  return true;
}

} // namespace drsim
