#include "sim/core/units.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <span>

#include <fmt/format.h>

namespace drsim {
namespace {

struct Unit {
  std::string_view name;
  double factor; //!< base units per one of this unit
};

constexpr std::array duration_units{Unit{"ms", 1e-3}, Unit{"s", 1},     Unit{"m", 60},
                                    Unit{"h", 3600},  Unit{"d", 86400}, Unit{"w", 604800}};
constexpr std::array size_units{Unit{"B", 1},           Unit{"KB", 1e3},           Unit{"MB", 1e6},
                                Unit{"GB", 1e9},        Unit{"TB", 1e12},          Unit{"KiB", 1024.0},
                                Unit{"MiB", 1048576.0}, Unit{"GiB", 1073741824.0}, Unit{"TiB", 1099511627776.0}};
// Network speeds are quoted in bits; storage reads in bytes. Both end up in bytes per second.
constexpr std::array bandwidth_units{Unit{"bps", 0.125},  Unit{"Kbps", 125},   Unit{"Mbps", 125e3},
                                     Unit{"Gbps", 125e6}, Unit{"Tbps", 125e9}, Unit{"Bps", 1},
                                     Unit{"KBps", 1e3},   Unit{"MBps", 1e6},   Unit{"GBps", 1e9}};
constexpr std::array rate_units{Unit{"/s", 1}, Unit{"/m", 1.0 / 60}, Unit{"/h", 1.0 / 3600}};

std::span<const Unit> units_of(Quantity quantity) {
  switch (quantity) {
  case Quantity::Duration:
    return duration_units;
  case Quantity::Size:
    return size_units;
  case Quantity::Bandwidth:
    return bandwidth_units;
  case Quantity::Rate:
    return rate_units;
  }
  return duration_units;
}

const char* base_unit(Quantity quantity) {
  switch (quantity) {
  case Quantity::Duration:
    return "s";
  case Quantity::Size:
    return "B";
  case Quantity::Bandwidth:
    return "B/s";
  case Quantity::Rate:
    return "/s";
  }
  return "";
}

std::string unit_list(Quantity quantity) {
  const auto units = units_of(quantity);
  std::string list;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (i > 0)
      list += i + 1 == units.size() ? " or " : ", ";
    list += units[i].name;
  }
  return list;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Length of the JSON-style number at the start of `text`, 0 when there is none. Stricter than strtod on purpose:
// no "inf", "nan", hex, leading '+' or '.', so that only what a person would write as a number passes.
std::size_t number_length(std::string_view text) {
  std::size_t i = 0;
  auto digits = [&] {
    const std::size_t start = i;
    while (i < text.size() && is_digit(text[i]))
      ++i;
    return i > start;
  };
  if (i < text.size() && text[i] == '-')
    ++i;
  if (!digits())
    return 0;
  if (i < text.size() && text[i] == '.') {
    const std::size_t dot = i++;
    if (!digits())
      return dot;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    const std::size_t e = i++;
    if (i < text.size() && (text[i] == '+' || text[i] == '-'))
      ++i;
    if (!digits())
      return e;
  }
  return i;
}

std::string in_quotes(std::string_view text) {
  std::string quoted(1, '"');
  quoted.append(text).push_back('"');
  return quoted;
}

struct Parsed {
  std::optional<double> value;
  std::string error;
};

Parsed parse(Quantity quantity, std::string_view text) {
  const std::string name = quantity_name(quantity);
  const std::size_t length = number_length(text);
  if (length == 0)
    return {std::nullopt, in_quotes(text) + " is not a " + name + "; expected a number and a unit, e.g. " +
                              in_quotes(quantity_example(quantity))};
  std::size_t unit_start = length;
  while (unit_start < text.size() && text[unit_start] == ' ')
    ++unit_start;
  const std::string_view unit_text = text.substr(unit_start);
  if (unit_text.empty())
    return {std::nullopt,
            "a " + name + " needs a unit, e.g. " + in_quotes(quantity_example(quantity, text.substr(0, length)))};
  const auto units = units_of(quantity);
  const Unit* unit = nullptr;
  for (const auto& candidate : units)
    if (candidate.name == unit_text)
      unit = &candidate;
  if (unit == nullptr)
    return {std::nullopt, "unknown " + name + " unit " + in_quotes(unit_text) + " in " + in_quotes(text) +
                              "; expected " + unit_list(quantity)};

  double number = 0;
  if (std::from_chars(text.data(), text.data() + length, number).ec != std::errc())
    return {std::nullopt,
            in_quotes(text) + " is out of range; expected a " + name + " from 0 to 1e15 " + base_unit(quantity)};
  const double value = number * unit->factor;
  if (std::abs(value) > max_quantity)
    return {std::nullopt,
            in_quotes(text) + " is too large; a " + name + " must be at most 1e15 " + base_unit(quantity)};
  if (value < 0)
    return {std::nullopt, in_quotes(text) + " is negative; a " + name + " must be zero or more"};
  if (quantity == Quantity::Bandwidth && value == 0)
    return {std::nullopt, in_quotes(text) + " is zero; a bandwidth must be greater than zero"};
  // "-0s" is zero, not negative zero, so that it prints and compares like "0s".
  return {value == 0 ? 0.0 : value, {}};
}

} // namespace

const char* quantity_name(Quantity quantity) {
  switch (quantity) {
  case Quantity::Duration:
    return "duration";
  case Quantity::Size:
    return "size";
  case Quantity::Bandwidth:
    return "bandwidth";
  case Quantity::Rate:
    return "rate";
  }
  return "quantity";
}

std::string quantity_example(Quantity quantity, std::string_view number) {
  switch (quantity) {
  case Quantity::Duration:
    return std::string(number.empty() ? "90" : number) + "s";
  case Quantity::Size:
    return std::string(number.empty() ? "10" : number) + "GB";
  case Quantity::Bandwidth:
    return std::string(number.empty() ? "1" : number) + "Gbps";
  case Quantity::Rate:
    return std::string(number.empty() ? "200" : number) + "/s";
  }
  return std::string(number);
}

std::optional<double> parse_quantity(Quantity quantity, std::string_view text) { return parse(quantity, text).value; }
std::string quantity_error(Quantity quantity, std::string_view text) { return parse(quantity, text).error; }

std::optional<double> parse_duration(std::string_view text) { return parse_quantity(Quantity::Duration, text); }
std::optional<double> parse_size(std::string_view text) { return parse_quantity(Quantity::Size, text); }
std::optional<double> parse_bandwidth(std::string_view text) { return parse_quantity(Quantity::Bandwidth, text); }
std::optional<double> parse_rate(std::string_view text) { return parse_quantity(Quantity::Rate, text); }

std::string format_duration(double seconds) {
  if (std::isnan(seconds))
    return "nan";
  if (seconds < 0)
    return std::string(1, '-').append(format_duration(-seconds));
  if (std::isinf(seconds))
    return "inf";
  if (seconds == 0)
    return "0s";
  const double milliseconds = std::round(seconds * 1000);
  if (milliseconds < 1000)
    return fmt::format("{:.0f}ms", milliseconds);
  const double tenths = std::round(seconds * 10);
  if (tenths < 600)
    return std::fmod(tenths, 10) == 0 ? fmt::format("{:.0f}s", tenths / 10) : fmt::format("{:.1f}s", tenths / 10);
  // Past a day, minutes are noise in a report; below it, seconds are shown only when there are any.
  if (seconds >= 86400 - 0.5) {
    const double hours = std::round(seconds / 3600);
    const double days = std::floor(hours / 24);
    const double rest = hours - days * 24;
    return rest == 0 ? fmt::format("{:.0f}d", days) : fmt::format("{:.0f}d {:02.0f}h", days, rest);
  }
  const long total = std::lround(seconds);
  const long h = total / 3600;
  const long m = total / 60 % 60;
  const long s = total % 60;
  if (h == 0)
    return s == 0 ? fmt::format("{}m", m) : fmt::format("{}m {:02}s", m, s);
  if (s != 0)
    return fmt::format("{}h {:02}m {:02}s", h, m, s);
  if (m != 0)
    return fmt::format("{}h {:02}m", h, m);
  return fmt::format("{}h", h);
}

std::string format_clock(double seconds, bool with_milliseconds) {
  const auto ms = static_cast<long long>(std::llround(seconds * 1000));
  if (with_milliseconds)
    return fmt::format("+{:02}:{:02}:{:02}.{:03}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
  return fmt::format("{:02}:{:02}:{:02}", ms / 3600000, ms / 60000 % 60, ms / 1000 % 60);
}

} // namespace drsim
