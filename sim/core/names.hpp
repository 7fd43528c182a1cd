// Names of enum values, as users write them in their files and as reports print them. Each enum has one table,
// declared beside the enum, and both directions read it: the readers parse names with it and every printer prints
// from it, so a name cannot be spelt one way in and another way out. The table is found by argument-dependent
// lookup: beside the enum, `name_table(E)` returns it.
#pragma once

#include <concepts>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace drsim {

// The name of one value. An enum's Invalid sentinel has none: an unknown string is an error, never silently the
// first value.
template <class E> struct EnumName {
  E value;
  const char* name;
  bool written = true; //!< users may write it; false: only drsim makes the value (a failure drawn at random)
};

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires(E value) {
  { name_table(value) } -> std::convertible_to<std::span<const EnumName<E>>>;
};

// Every name of E, in the order messages list them.
template <NamedEnum E> constexpr std::span<const EnumName<E>> enum_names() { return name_table(E{}); }

// The name of `value`; "invalid" for a value without one (the Invalid sentinel).
template <NamedEnum E> constexpr const char* name_of(E value) {
  for (const auto& entry : enum_names<E>())
    if (entry.value == value)
      return entry.name;
  return "invalid";
}

// The value named `name`, written by users or not; nullopt for a name that is none of E's.
template <NamedEnum E> constexpr std::optional<E> value_of(std::string_view name) {
  for (const auto& entry : enum_names<E>())
    if (name == entry.name)
      return entry.value;
  return std::nullopt;
}

// The names users may write where a value of E is read, for messages and schemas. `accepts`, when given, narrows
// them to the values that one place takes (common-cause events: AZ and region outages only).
template <NamedEnum E> std::vector<std::string> written_names(bool (*accepts)(E) = nullptr) {
  std::vector<std::string> names;
  for (const auto& entry : enum_names<E>())
    if (entry.written && (accepts == nullptr || accepts(entry.value)))
      names.emplace_back(entry.name);
  return names;
}

} // namespace drsim
