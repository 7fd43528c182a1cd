// Quantities with units, as users write them in the JSON ("90s", "10GB", "1Gbps", "200/s"), and durations as
// reports print them. The unit is always required: a bare "90" is ambiguous, so it is an error.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace drsim {

// What a string measures; each has one base unit inside the program.
enum class Quantity {
  Duration,  //!< seconds; units ms, s, m, h, d, w
  Size,      //!< bytes; units B, KB, MB, GB, TB (decimal), KiB, MiB, GiB, TiB (binary)
  Bandwidth, //!< bytes per second; units bps, Kbps, Mbps, Gbps, Tbps (bits), Bps, KBps, MBps, GBps (bytes)
  Rate,      //!< events per second; units /s, /m, /h
};

// Values above this (in the base unit) are rejected: no real input needs them, and they overflow sums later.
inline constexpr double max_quantity = 1e15;

// The value in the base unit, or nullopt when `text` is not a valid quantity of that kind.
std::optional<double> parse_quantity(Quantity quantity, std::string_view text);
// Why `text` is not a valid quantity of that kind, in words for the user; empty when it is valid.
std::string quantity_error(Quantity quantity, std::string_view text);

std::optional<double> parse_duration(std::string_view text);
std::optional<double> parse_size(std::string_view text);
std::optional<double> parse_bandwidth(std::string_view text);
std::optional<double> parse_rate(std::string_view text);

// "duration", "size", ... as used in messages.
const char* quantity_name(Quantity quantity);
// A short example with a unit for messages, e.g. "90s".
std::string quantity_example(Quantity quantity, std::string_view number = {});

// Simulated time as a clock from a drill's start, "+01:02:03.250"; without milliseconds "01:02:03" (axis labels).
std::string format_clock(double seconds, bool with_milliseconds = true);

// Short human text for reports: "250ms", "45s", "12m 30s", "1h 02m 03s", "3h 05m", "2d 04h".
std::string format_duration(double seconds);

} // namespace drsim
