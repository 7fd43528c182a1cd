// The words of diagnostics: suggestions for a misspelt name, values quoted and described the way messages show them,
// lists of alternatives, and the escaping of JSON Pointer tokens that every diagnostic's place is written in.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace drsim {

// One reference token of a JSON Pointer, with '~' and '/' escaped as RFC 6901 requires.
std::string escape_pointer_token(std::string_view token);
// The pointer's reference tokens, unescaped; {} for the whole document.
std::vector<std::string> split_pointer(std::string_view pointer);

// Whether `name` is one of `names`.
bool is_one_of(std::span<const std::string> names, std::string_view name);
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
// "1 region", "3 regions".
std::string count_of(std::size_t n, const std::string& noun, const std::string& plural);

} // namespace drsim
