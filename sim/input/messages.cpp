#include "sim/input/messages.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <utility>

namespace drsim {
namespace {

using nlohmann::json;

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
  if (value == std::trunc(value) && std::abs(value) < 1e15)
    return fmt::format("{:.0f}", value);
  return fmt::format("{:g}", value);
}

std::string in_quotes(std::string_view text) {
  constexpr std::size_t longest = 60;
  const bool cut = text.size() > longest;
  std::string result =
      json(std::string(cut ? text.substr(0, longest) : text)).dump(-1, ' ', false, json::error_handler_t::replace);
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
    const std::string_view raw =
        pointer.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
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

bool is_one_of(std::span<const std::string> names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
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
std::string count_of(std::size_t n, const std::string& noun, const std::string& plural) {
  return std::to_string(n) + " " + (n == 1 ? noun : plural);
}

} // namespace drsim
