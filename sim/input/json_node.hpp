// Strict reading of the JSON that users write, one value at a time. Every problem becomes a Diagnostic tagged with
// its JSON Pointer and reading goes on, so that one run of `drsim validate` reports all problems, not only the
// first. Nothing here throws on bad input: a value that cannot be read leaves its target untouched and adds a
// diagnostic.
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
#include "sim/core/parameters.hpp"
#include "sim/core/units.hpp"
#include "sim/input/input_format.hpp"

namespace drsim {

// More problems than this are counted, not listed: fixing the first ones usually removes the rest.
inline constexpr std::size_t most_listed_problems = 200;
// A longer message is cut: no message needs more, and a name written a megabyte long must not be repeated in full.
inline constexpr std::size_t longest_message = 1000;

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
  bool expect_object(const std::vector<std::string_view>& required,
                     const std::vector<std::string_view>& optional) const;
  // The same, with the keys the declared object (sim/input/input_format.hpp) has for `variant`, the value of its
  // discriminator (nullopt: absent or unknown, when every key is allowed).
  bool expect_object(const format::Node& object, std::optional<std::string_view> variant = std::nullopt) const;
  // The elements of an array (none, after a diagnostic, when this is not one). When `required` names an element
  // ("region"), an empty array is an error too.
  std::vector<JsonNode> elements(std::string_view required = {}) const;
  // The same, for an array of at most `most` elements (sim/input/limits.hpp): a longer one is reported, naming what
  // it holds (`kind`, "fleets"), and only its first `most` elements are returned.
  std::vector<JsonNode> elements(std::string_view required, std::size_t most, std::string_view kind) const;

  // Typed values; each reports what was expected when the value is not one.
  std::optional<std::string> as_string() const;
  std::optional<std::string> as_name() const; //!< a non-empty string of printable characters
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

  // This value as a declared parameter (sim/core/parameters.hpp): a number, an integer or a quantity, within the
  // parameter's range.
  std::optional<double> as_value(const Parameter& parameter) const;
  // Reports, at this value, a number or a quantity outside the parameter's range, in the words of the range;
  // returns whether the value is inside.
  bool check_range(const Parameter& parameter, double value) const;

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

  // Each read reads the member a declared parameter names (its key), as its type and within its range, if it is
  // present and valid, and returns whether it did. A distribution's range applies to its mean.
  bool read(const Parameter& parameter, double& target) const; //!< a number or a quantity
  bool read(const Parameter& parameter, int& target) const;
  bool read(const Parameter& parameter, std::uint64_t& target) const;
  bool read(const Parameter& parameter, bool& target) const;
  bool read(const Parameter& parameter, std::string& target) const;
  bool read(const Parameter& parameter, Distribution& target) const;

private:
  const nlohmann::json* value_;
  std::string pointer_;
  const DiagnosticSink* sink_;
};

// Checks the format marker that opens every input file ("drsim_topology": 1): this drsim reads version 1 only.
void check_format_version(const JsonNode& root, std::string_view marker);

// The names of components, for check_reference.
template <class T> std::vector<std::string> names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& item : items)
    names.push_back(item.name);
  return names;
}

} // namespace drsim
