#include "sim/input/json_reader.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <set>
#include <utility>

namespace drsim {
namespace {

using nlohmann::json;

struct TextPosition {
  std::size_t line;
  std::size_t column;
};

// 1-based line and byte column of `offset`, as nlohmann counts them.
TextPosition position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::size_t newlines = static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  const std::size_t line_start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  const std::size_t column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  return {newlines + 1, column};
}

std::string at_position(std::string_view text, std::size_t offset) {
  const auto [line, column] = position_of(text, offset);
  return "at line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The offset of the first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates), or npos.
std::size_t invalid_utf8_offset(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
    if (lead < 0x80)
      length = 1;
    else if (lead >= 0xC2 && lead <= 0xDF)
      length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      low = lead == 0xE0 ? 0xA0 : 0x80;
      high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      low = lead == 0xF0 ? 0x90 : 0x80;
      high = lead == 0xF4 ? 0x8F : 0xBF;
    } else
      return i;
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= text.size())
        return i; // the sequence is cut short by the end of the text: its lead byte is the one to report
      const unsigned char next = byte(i + k);
      if (k == 1 ? (next < low || next > high) : (next < 0x80 || next > 0xBF))
        return i + k;
    }
    i += length;
  }
  return std::string_view::npos;
}

// The offset of the bracket that opens level max_json_depth + 1, or npos. Strings are skipped, so brackets inside
// them do not count; malformed text is left for the parser to report.
std::size_t too_deep_offset(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_json_depth)
        return i;
    } else if ((c == ']' || c == '}') && depth > 0)
      --depth;
  }
  return std::string_view::npos;
}

// Builds the document like nlohmann's own DOM parser, and also reports keys that appear twice in one object,
// which nlohmann would silently resolve by keeping the last.
class StrictBuilder : public nlohmann::json_sax<json> {
public:
  StrictBuilder(std::string_view text, const DiagnosticSink& sink) : text_(text), sink_(sink) {}

  json& document() { return root_; }
  bool failed() const { return failed_; }

  bool null() override { return add(nullptr); }
  bool boolean(bool value) override { return add(value); }
  bool number_integer(number_integer_t value) override { return add(value); }
  bool number_unsigned(number_unsigned_t value) override { return add(value); }
  bool number_float(number_float_t value, const string_t&) override { return add(value); }
  bool string(string_t& value) override { return add(std::move(value)); }
  bool binary(binary_t& value) override { return add(json::binary(std::move(value))); }

  bool start_object(std::size_t) override { return open(json::object()); }
  bool key(string_t& key) override {
    if (!frames_.back().keys.insert(key).second)
      sink_.add(frames_.back().pointer + "/" + escape_pointer_token(key),
                "duplicate key; each key may appear only once in an object");
    key_ = key;
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
    // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ...";
    // the position is given in our own words, so only the reason is kept.
    std::string reason = error.what();
    if (const auto end = reason.find("] "); end != std::string::npos)
      reason.erase(0, end + 2);
    if (reason.starts_with("parse error"))
      if (const auto colon = reason.find(": "); colon != std::string::npos)
        reason.erase(0, colon + 2);
    constexpr std::size_t longest = 200; // the last token can be a whole unterminated string
    if (reason.size() > longest)
      reason = reason.substr(0, longest) + "...";
    sink_.add("", "invalid JSON " + at_position(text_, position == 0 ? 0 : position - 1) + ": " + reason);
    failed_ = true;
    return false;
  }

private:
  struct Frame {
    json* container;
    std::string pointer;
    std::set<std::string> keys;
  };

  // Places a value in the current container and returns where it now lives.
  json* place(json&& value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *frames_.back().container;
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }
  std::string child_pointer() const {
    if (frames_.empty())
      return "";
    const json& parent = *frames_.back().container;
    return frames_.back().pointer + "/" +
           (parent.is_array() ? std::to_string(parent.size() - 1) : escape_pointer_token(key_));
  }
  bool add(json&& value) {
    place(std::move(value));
    return true;
  }
  bool open(json&& container) {
    json* placed = place(std::move(container));
    frames_.push_back({placed, child_pointer(), {}});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }

  std::string_view text_;
  const DiagnosticSink& sink_;
  json root_;
  std::vector<Frame> frames_;
  std::string key_;
  bool failed_ = false;
};

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(previous, current);
  }
  return previous[b.size()];
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string join_comma(std::span<const std::string> words) {
  std::string list;
  for (const auto& word : words)
    list += (list.empty() ? "" : ", ") + word;
  return list;
}

} // namespace

std::string format_number(double value) {
  char text[32];
  if (value == std::trunc(value) && std::abs(value) < 1e15)
    std::snprintf(text, sizeof text, "%.0f", value);
  else
    std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string in_quotes(std::string_view text) {
  constexpr std::size_t longest = 60;
  const bool cut = text.size() > longest;
  std::string result = json(std::string(cut ? text.substr(0, longest) : text)).dump(-1, ' ', false, json::error_handler_t::replace);
  if (cut)
    result.insert(result.size() - 1, "...");
  return result;
}

std::string describe_value(const json& value) {
  if (value.is_string())
    return in_quotes(value.get_ref<const std::string&>());
  if (value.is_object() || value.is_array() || value.is_binary())
    return json_type_name(value);
  return value.dump();
}

void DiagnosticSink::add(std::string pointer, std::string message) const {
  problems->push_back({file, std::move(pointer), std::move(message)});
}

std::optional<json> parse_json_text(std::string_view text, const std::string& file, std::vector<Diagnostic>& problems) {
  const DiagnosticSink sink{file, &problems};
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    sink.add("", "the file is empty; expected a JSON object");
    return std::nullopt;
  }
  if (const auto bad = invalid_utf8_offset(text); bad != std::string_view::npos) {
    char byte[8];
    std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
    sink.add("", std::string("invalid UTF-8 byte ") + byte + " " + at_position(text, bad) +
                     "; the file must be UTF-8 text");
    return std::nullopt;
  }
  if (const auto deep = too_deep_offset(text); deep != std::string_view::npos) {
    sink.add("", "arrays and objects nested deeper than " + std::to_string(max_json_depth) + " levels " +
                     at_position(text, deep) + "; expected at most " + std::to_string(max_json_depth));
    return std::nullopt;
  }
  StrictBuilder builder(text, sink);
  json::sax_parse(text, &builder, json::input_format_t::json, true, false);
  if (builder.failed())
    return std::nullopt;
  return std::move(builder.document());
}

std::optional<std::string> read_text_file(const std::string& path, std::vector<Diagnostic>& problems) {
  namespace fs = std::filesystem;
  const DiagnosticSink sink{path, &problems};
  std::error_code error;
  const auto status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found) {
    sink.add("", "does not exist; expected the path of a JSON file");
    return std::nullopt;
  }
  if (error) {
    sink.add("", "cannot be read: " + error.message());
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    sink.add("", "is a directory; expected a JSON file");
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    sink.add("", "is not a regular file; expected a JSON file");
    return std::nullopt;
  }
  const auto size = fs::file_size(path, error);
  if (!error && size > max_json_file_bytes) {
    sink.add("", "is too large (" + std::to_string(size) + " bytes); expected at most 64 MiB of JSON");
    return std::nullopt;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    sink.add("", std::string("cannot be opened: ") + (errno != 0 ? std::strerror(errno) : "unknown error"));
    return std::nullopt;
  }
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    sink.add("", "cannot be read: input/output error");
    return std::nullopt;
  }
  return text;
}

std::optional<json> read_json_file(const std::string& path, std::vector<Diagnostic>& problems) {
  const auto text = read_text_file(path, problems);
  return text ? parse_json_text(*text, path, problems) : std::nullopt;
}

std::string escape_pointer_token(std::string_view token) {
  std::string escaped;
  for (const char c : token) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return escaped;
}

std::vector<std::string> split_pointer(std::string_view pointer) {
  std::vector<std::string> tokens;
  if (pointer.empty())
    return tokens;
  std::size_t start = 1;
  while (true) {
    const std::size_t end = pointer.find('/', start);
    const std::string_view raw = pointer.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::string token;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] == '~' && i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
        token += raw[i + 1] == '0' ? '~' : '/';
        ++i;
      } else
        token += raw[i];
    }
    tokens.push_back(std::move(token));
    if (end == std::string_view::npos)
      return tokens;
    start = end + 1;
  }
}

std::string closest_match(std::string_view wrong, std::span<const std::string> allowed) {
  for (const auto& word : allowed)
    if (equal_ignoring_case(wrong, word))
      return word;
  std::string best;
  std::size_t best_distance = 3;
  for (const auto& word : allowed) {
    // Beyond a difference of 2 in length the distance is above 2 anyway; skipping keeps hostile keys cheap.
    if (word.size() + 2 < wrong.size() || wrong.size() + 2 < word.size())
      continue;
    const std::size_t distance = edit_distance(wrong, word);
    // Replacing every letter of a short word is no "typo": "x" is not a misspelt "w".
    if (distance < best_distance && distance < wrong.size()) {
      best = word;
      best_distance = distance;
    }
  }
  return best;
}

std::string suggestion(std::string_view wrong, std::span<const std::string> allowed, std::size_t longest_list) {
  const std::string best = closest_match(wrong, allowed);
  if (!best.empty())
    return "; did you mean " + in_quotes(best) + "?";
  if (allowed.empty() || allowed.size() > longest_list)
    return "";
  return "; expected one of: " + join_comma(allowed);
}

std::string json_type_name(const json& value) {
  switch (value.type()) {
  case json::value_t::object:
    return "an object";
  case json::value_t::array:
    return "an array";
  case json::value_t::string:
    return "a string";
  case json::value_t::boolean:
    return "a boolean";
  case json::value_t::null:
    return "null";
  case json::value_t::binary:
    return "binary data";
  case json::value_t::discarded:
    return "nothing";
  default:
    return "a number";
  }
}

std::string join_alternatives(std::span<const std::string> words) {
  std::string list;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0)
      list += i + 1 == words.size() ? " or " : ", ";
    list += words[i];
  }
  return list;
}

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
  if (std::any_of(text->begin(), text->end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
    problem("must not contain control characters, not " + in_quotes(*text));
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
  if (value_->is_number_integer() && !(value_->is_number_unsigned() &&
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
  static const std::vector<std::string> kinds{"uniform", "normal", "lognormal", "exponential", "weibull", "empirical"};
  if (!value_->is_object() || value_->size() != 1) {
    problem("must be a duration such as \"90s\" or an object with one key naming the distribution (" +
            join_alternatives(kinds) + "), not " +
            (value_->is_object() ? "an object with " + std::to_string(value_->size()) + " keys"
                                 : describe_value(*value_)));
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
    if (!parameters.expect_object({"mean", "sd"}, {}))
      return std::nullopt;
    const auto mean = duration("mean");
    const auto sd = duration("sd");
    return mean && sd ? std::optional(Distribution::normal(*mean, *sd)) : std::nullopt;
  }
  if (kind == "lognormal") {
    if (!parameters.expect_object({"median", "p95"}, {}))
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
    if (!parameters.expect_object({"mean"}, {}))
      return std::nullopt;
    const auto mean = duration("mean");
    if (mean && *mean <= 0) {
      parameters.field("mean")->problem("must be greater than zero");
      return std::nullopt;
    }
    return mean ? std::optional(Distribution::exponential(*mean)) : std::nullopt;
  }
  if (kind == "weibull") {
    if (!parameters.expect_object({"shape", "scale"}, {}))
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
      parameters.problem("must be an object of percentiles such as {\"p0\": \"1m\", \"p50\": \"5m\", \"p100\": \"30m\"}, not " +
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
        parameters.problem(std::string("missing required key ") + in_quotes(end) + "; percentiles must run from p0 to p100");
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

} // namespace drsim
