#include "sim/fis/timestamps.hpp"

#include <cstdio>
#include <ctime>

#include <fmt/format.h>

namespace drsim::fis {

std::optional<double> iso8601_epoch_seconds(const std::string& text) {
  std::tm utc{};
  double seconds = 0;
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &utc.tm_year, &utc.tm_mon, &utc.tm_mday, &utc.tm_hour,
                  &utc.tm_min, &seconds, &consumed) != 6 ||
      utc.tm_mon < 1 || utc.tm_mon > 12 || utc.tm_mday < 1 || utc.tm_mday > 31 || utc.tm_hour > 23 || utc.tm_min > 59 ||
      seconds < 0 || seconds >= 61)
    return std::nullopt;
  const std::string zone = text.substr(static_cast<std::size_t>(consumed));
  int offset_s = 0;
  if (zone != "Z") {
    int hours = 0;
    int minutes = 0;
    char sign = 0;
    int zone_consumed = 0;
    if (zone.size() != 6 || std::sscanf(zone.c_str(), "%c%2d:%2d%n", &sign, &hours, &minutes, &zone_consumed) != 3 ||
        zone_consumed != 6 || (sign != '+' && sign != '-') || hours > 23 || minutes > 59)
      return std::nullopt;
    offset_s = (sign == '+' ? 1 : -1) * (hours * 3600 + minutes * 60);
  }
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  return static_cast<double>(timegm(&utc)) + seconds - offset_s;
}

std::optional<double> epoch_seconds(const nlohmann::json& timestamp) {
  if (timestamp.is_number())
    return timestamp.get<double>();
  if (!timestamp.is_string())
    return std::nullopt;
  return iso8601_epoch_seconds(timestamp.get<std::string>());
}

std::string utc_iso8601(double epoch_s) {
  const auto seconds = static_cast<std::time_t>(epoch_s);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  return fmt::format("{}.{:03}Z", text, static_cast<int>((epoch_s - static_cast<double>(seconds)) * 1000));
}

} // namespace drsim::fis
