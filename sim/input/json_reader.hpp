// Strict reading of the JSON that users write. Every problem becomes a Diagnostic tagged with its JSON Pointer and
// reading goes on, so that one run of `drsim validate` reports all problems, not only the first. Nothing here
// throws on bad input: a value that cannot be read leaves its target untouched and adds a diagnostic.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/distribution.hpp"
#include "sim/core/errors.hpp"
#include "sim/core/names.hpp"
#include "sim/core/units.hpp"

namespace drsim {

// Deeper documents are rejected before they are parsed: nothing users write comes near, and recursion on
// hostile input (copies, comparisons, merge patches) must stay bounded.
inline constexpr int max_json_depth = 64;
// Larger files are rejected before they are read, so that a wrong path (a disk image, /dev/zero) cannot exhaust memory.
inline constexpr std::uintmax_t max_json_file_bytes = 64u << 20;

// Parses `text` as one JSON value: UTF-8 only, no comments, no duplicate keys, at most max_json_depth levels.
// Problems name the line and column.
std::optional<nlohmann::json> parse_json_text(std::string_view text, const std::string& file,
                                              std::vector<Diagnostic>& problems);
// The bytes of a regular file; a missing, unreadable or oversized file is a diagnostic on the whole document.
std::optional<std::string> read_text_file(const std::string& path, std::vector<Diagnostic>& problems);
// Reads and parses a regular file; a missing, unreadable or oversized file is a diagnostic on the whole document.
std::optional<nlohmann::json> read_json_file(const std::string& path, std::vector<Diagnostic>& problems);

// One reference token of a JSON Pointer, with '~' and '/' escaped as RFC 6901 requires.
std::string escape_pointer_token(std::string_view token);
// The pointer's reference tokens, unescaped; {} for the whole document.
std::vector<std::string> split_pointer(std::string_view pointer);

// The allowed word closest to `wrong` (same letters ignoring case, or within edit distance 2), or "" if none is.
std::string closest_match(std::string_view wrong, std::span<const std::string> allowed);
// "; did you mean "x"?" or "; expected one of: a, b, c" (or nothing when `allowed` is empty or longer than
// `longest_list`: a list of a thousand component names helps nobody).
std::string suggestion(std::string_view wrong, std::span<const std::string> allowed, std::size_t longest_list = 12);
// A user's string in double quotes for messages, control characters escaped, long strings cut.
std::string in_quotes(std::string_view text);
// A number for messages: integers without a fraction, others in %g form.
std::string format_number(double value);
// The value itself for scalars, its kind for containers: 42, true, "abc", an array.
std::string describe_value(const nlohmann::json& value);
// "a string", "an object", ... for type errors.
std::string json_type_name(const nlohmann::json& value);
// "a, b or c".
std::string join_alternatives(std::span<const std::string> words);

// Where diagnostics go: the file being read and the list to append to.
struct DiagnosticSink {
  std::string file;
  std::vector<Diagnostic>* problems;

  void add(std::string pointer, std::string message) const;
};

// A JSON value and its place in the document. Cheap to copy; refers to the document, which must outlive it.
class JsonNode {
public:
  JsonNode(const nlohmann::json& value, std::string pointer, const DiagnosticSink& sink);

  const nlohmann::json& value() const { return *value_; }
  const std::string& pointer() const { return pointer_; }
  const DiagnosticSink& sink() const { return *sink_; }
  void problem(std::string message) const;

  // The member `key`, or nullopt if absent (no diagnostic: whether it is required is checked by expect_object).
  std::optional<JsonNode> field(std::string_view key) const;
  // Checks that this is an object with every key of `required` and no key outside `required` + `optional`.
  // Returns whether it is an object at all, so that the caller may go on reading the keys that are there.
  bool expect_object(const std::vector<std::string_view>& required, const std::vector<std::string_view>& optional) const;
  // The elements of an array (none, after a diagnostic, when this is not one). When `required` names an element
  // ("region"), an empty array is an error too.
  std::vector<JsonNode> elements(std::string_view required = {}) const;

  // Typed values; each reports what was expected when the value is not one.
  std::optional<std::string> as_string() const;
  std::optional<std::string> as_name() const; //!< a non-empty string without control characters
  std::optional<bool> as_bool() const;
  std::optional<double> as_number(double min, double max) const;
  std::optional<std::int64_t> as_integer(std::int64_t min, std::int64_t max) const;
  std::optional<std::uint64_t> as_unsigned() const;
  std::optional<double> as_quantity(Quantity quantity) const;
  std::optional<Distribution> as_distribution() const; //!< a duration, or one of the distribution objects
  // A value of E by the name users write for it (see written_names()); reports an unknown string with the names
  // allowed here.
  template <NamedEnum E> std::optional<E> as_enum(bool (*accepts)(E) = nullptr) const {
    const auto allowed = written_names(accepts);
    const auto index = as_one_of(allowed);
    return index ? value_of<E>(allowed[*index]) : std::nullopt;
  }
  // The index of the string in `allowed`; reports an unknown string with the allowed values.
  std::optional<std::size_t> as_one_of(std::span<const std::string> allowed) const;

  // Checks that this value's `name` is one of `names`, the components of that `kind` ("region", "fleet", ...).
  bool check_reference(const std::string& name, const std::string& kind, std::span<const std::string> names) const;

  // Each read_* reads the member `key` if it is present and valid, and returns whether it did.
  bool read_string(std::string_view key, std::string& target) const;
  bool read_name(std::string_view key, std::string& target) const;
  bool read_bool(std::string_view key, bool& target) const;
  bool read_number(std::string_view key, double& target, double min, double max) const;
  bool read_integer(std::string_view key, int& target, int min, int max) const;
  bool read_quantity(std::string_view key, Quantity quantity, double& target) const;
  bool read_distribution(std::string_view key, Distribution& target) const;
  bool read_names(std::string_view key, std::vector<std::string>& target) const; //!< an array of distinct names
  bool read_reference(std::string_view key, std::string& target, const std::string& kind,
                      std::span<const std::string> names) const;
  template <NamedEnum E> bool read_enum(std::string_view key, E& target, bool (*accepts)(E) = nullptr) const {
    const auto member = field(key);
    const auto value = member ? member->as_enum(accepts) : std::nullopt;
    if (value)
      target = *value;
    return value.has_value();
  }

private:
  const nlohmann::json* value_;
  std::string pointer_;
  const DiagnosticSink* sink_;
};

// Checks the format marker that opens every input file ("drsim_topology": 1): this drsim reads version 1 only.
void check_format_version(const JsonNode& root, std::string_view marker);

} // namespace drsim
