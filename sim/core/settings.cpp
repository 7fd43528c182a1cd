#include "sim/core/settings.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>

#include <fmt/format.h>

#include "sim/core/errors.hpp"
#include "sim/core/units.hpp"

namespace drsim {
namespace {

using nlohmann::json;

// The most values a range may be cut into: past this a grid is not something to drill.
constexpr int most_steps = 1000;
// Whole numbers are rounded as 64-bit integers: a range of counts must stay well within them.
constexpr double largest_whole = 1e15;

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ')
    text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ')
    text.remove_suffix(1);
  return text;
}

// A value written as a number followed by its unit ("30s", "0.5", "1Gbps"), and what it measures.
struct Written {
  double number = 0;
  std::string unit;
  double magnitude = 0;
  std::optional<Quantity> quantity;
  bool whole = false;
};

// A value as a number, and what it measures (absent for a bare number).
struct Measured {
  double magnitude = 0;
  std::optional<Quantity> quantity;
};

std::optional<Measured> measured(std::string_view text) {
  const json value = setting_value(text);
  if (value.is_number())
    return Measured{value.get<double>(), std::nullopt};
  if (!value.is_string())
    return std::nullopt;
  for (const auto quantity : {Quantity::Duration, Quantity::Size, Quantity::Bandwidth, Quantity::Rate})
    if (const auto magnitude = parse_quantity(quantity, text))
      return Measured{*magnitude, quantity};
  return std::nullopt;
}

std::optional<double> magnitude_of(std::string_view text) {
  const auto value = measured(text);
  return value ? std::optional(value->magnitude) : std::nullopt;
}

std::optional<Written> written(std::string_view text) {
  Written value;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value.number);
  const auto measure = measured(text);
  if (error != std::errc() || !measure || !std::isfinite(value.number) || !std::isfinite(measure->magnitude))
    return std::nullopt;
  const std::string_view number_text(text.data(), static_cast<std::size_t>(end - text.data()));
  value.unit = std::string(end, text.data() + text.size());
  value.magnitude = measure->magnitude;
  value.quantity = measure->quantity;
  value.whole = number_text.find_first_of(".eE") == std::string_view::npos;
  return value;
}

std::string number_text(double number, bool whole) {
  if (whole)
    return fmt::format("{}", static_cast<long long>(std::llround(number)));
  std::string text = fmt::format("{:.12g}", number);
  return text == "-0" ? "0" : text;
}

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  for (std::size_t start = 0;;) {
    const auto end = text.find(separator, start);
    parts.emplace_back(trimmed(text.substr(start, end == std::string_view::npos ? end : end - start)));
    if (end == std::string_view::npos)
      return parts;
    start = end + 1;
  }
}

void parse_range(Dimension& dimension, std::string_view range, std::string_view option, const std::string& given) {
  const auto dots = range.find("..");
  const auto slash = range.rfind('/');
  const auto usage = [&](const std::string& why) {
    return UsageError(std::string(option) + ": '" + given + "': " + why + "; a range is written lo..hi/steps, e.g. " +
                      dimension.path + "=10s..120s/5, or 0..6/4 for a count");
  };
  if (slash == std::string_view::npos || slash < dots)
    throw usage("the range has no number of steps after '/'");
  const auto low = written(trimmed(range.substr(0, dots)));
  const auto high = written(trimmed(range.substr(dots + 2, slash - dots - 2)));
  const auto steps_text = trimmed(range.substr(slash + 1));
  int steps = 0;
  const auto [end, error] = std::from_chars(steps_text.data(), steps_text.data() + steps_text.size(), steps);
  if (!low || !high)
    throw usage("its ends must be numbers or quantities with units (30s, 1GB, 1Gbps, 200/s)");
  if (error != std::errc() || end != steps_text.data() + steps_text.size() || steps < 2 || steps > most_steps)
    throw usage("the number of steps must be a whole number from 2 to " + std::to_string(most_steps));
  if (!(low->magnitude < high->magnitude) || !std::isfinite(high->magnitude - low->magnitude))
    throw usage("lo must be below hi, and both finite");
  if (low->quantity != high->quantity || (low->number != 0 && high->number != 0 && low->unit != high->unit))
    throw usage("write both ends in the same unit");
  const Written& unit_source = low->number != 0 ? *low : *high;
  if (unit_source.number == 0)
    throw usage("both ends are 0");
  const double unit_size = unit_source.magnitude / unit_source.number;
  if (low->whole && high->whole && unit_source.unit.empty() &&
      std::max(std::abs(low->number), std::abs(high->number)) > largest_whole)
    throw usage("a range of whole numbers must stay within " + fmt::format("{:g}", largest_whole));
  dimension.continuous = true;
  dimension.low = low->magnitude;
  dimension.high = high->magnitude;
  dimension.unit = unit_source.unit;
  dimension.unit_size = unit_size;
  dimension.whole = low->whole && high->whole && unit_source.unit.empty();
  for (int step = 0; step < steps; ++step) {
    const double magnitude = low->magnitude + (high->magnitude - low->magnitude) * step / (steps - 1);
    const std::string text = dimension.setting_at(magnitude).text.substr(dimension.path.size() + 1);
    if (!dimension.values.empty() && dimension.values.back() == text)
      continue; // whole numbers: more steps than there are values between the ends
    dimension.values.push_back(text);
    dimension.magnitudes.push_back(magnitude_of(text));
  }
  if (dimension.values.size() < static_cast<std::size_t>(steps)) {
    std::string values;
    for (const auto& value : dimension.values)
      values += (values.empty() ? "" : ", ") + value;
    throw usage("it has only " + std::to_string(dimension.values.size()) + " distinct values (" + values + "), not " +
                std::to_string(steps) +
                (dimension.whole ? "; ends written as whole numbers give whole numbers: write 0.0..1.0 for fractions"
                                 : "; ask for fewer steps"));
  }
}

// A uniform draw in [0, 1) from 53 bits of the generator: the same on every platform, unlike the standard
// distributions, whose algorithms the standard leaves to the library.
double unit_draw(std::mt19937_64& random) { return static_cast<double>(random() >> 11) * 0x1.0p-53; }

} // namespace

json setting_value(std::string_view text) {
  json value = json::parse(text.begin(), text.end(), nullptr, false);
  if (value.is_number() || value.is_boolean() || value.is_null())
    return value;
  return std::string(text);
}

Setting parse_setting(std::string_view text, std::string_view option) {
  const auto equals = text.find('=');
  const std::string given(text);
  if (equals == std::string_view::npos)
    throw UsageError(std::string(option) + ": '" + given +
                     "' has no '='; expected PATH=VALUE, e.g. topology.dns.shop.ttl=30s");
  const auto path = trimmed(text.substr(0, equals));
  const auto value = trimmed(text.substr(equals + 1));
  if (path.empty())
    throw UsageError(std::string(option) + ": '" + given + "' has no path before '='; expected PATH=VALUE");
  for (const auto& segment : split(path, '.'))
    if (segment.empty())
      throw UsageError(std::string(option) + ": '" + given +
                       "': the path has an empty segment (two dots, or a dot "
                       "at an end); segments are separated by one dot");
  if (value.empty())
    throw UsageError(std::string(option) + ": '" + given + "' has no value after '='; expected PATH=VALUE");
  if (value.front() == '[' || value.front() == '{')
    throw UsageError(std::string(option) + ": '" + given +
                     "': a value is a number, true, false, null or text; a list or an object cannot be set (set "
                     "its elements one by one)");
  return {std::string(path), setting_value(value), std::string(path) + "=" + std::string(value)};
}

Setting Dimension::setting(std::size_t index) const { return parse_setting(path + "=" + values.at(index)); }

Setting Dimension::setting_at(double magnitude) const {
  double number = magnitude / unit_size;
  if (whole)
    number = std::round(number);
  return parse_setting(path + "=" + number_text(number, whole) + unit);
}

Dimension parse_dimension(std::string_view text, std::string_view option) {
  const Setting setting = parse_setting(text, option);
  const std::string given(text);
  if (setting.path == "runs" || setting.path == "seed")
    throw UsageError(std::string(option) + ": '" + given + "': " + setting.path + " is not varied: --" + setting.path +
                     " sets it for every point, so that run i has the same seed at each point and the points differ "
                     "by their values alone");
  const std::string values = setting.text.substr(setting.path.size() + 1);
  Dimension dimension;
  dimension.path = setting.path;
  if (values.find("..") != std::string::npos) {
    parse_range(dimension, values, option, given);
    return dimension;
  }
  for (auto& value : split(values, ',')) {
    if (value.empty())
      throw UsageError(std::string(option) + ": '" + given + "' has an empty value; expected PATH=v1,v2,...");
    if (std::find(dimension.values.begin(), dimension.values.end(), value) != dimension.values.end())
      throw UsageError(std::string(option) + ": '" + given + "' lists " + value + " twice");
    dimension.magnitudes.push_back(magnitude_of(value));
    dimension.values.push_back(std::move(value));
  }
  return dimension;
}

std::vector<Point> grid_points(std::span<const Dimension> dimensions, std::size_t most) {
  double count = 1;
  for (const auto& dimension : dimensions)
    count *= static_cast<double>(dimension.values.size());
  if (count > static_cast<double>(most))
    throw UsageError("the grid has " + fmt::format("{:.0f}", count) + " points, more than the " + std::to_string(most) +
                     " allowed; vary fewer values, or draw a sample of the space "
                     "with --samples");
  std::vector<Point> points;
  std::vector<std::size_t> index(dimensions.size(), 0);
  for (std::size_t n = 0; n < static_cast<std::size_t>(count); ++n) {
    Point point;
    for (std::size_t d = 0; d < dimensions.size(); ++d) {
      point.settings.push_back(dimensions[d].setting(index[d]));
      point.magnitudes.push_back(dimensions[d].magnitudes[index[d]]);
    }
    points.push_back(std::move(point));
    for (std::size_t d = dimensions.size(); d-- > 0;) {
      if (++index[d] < dimensions[d].values.size())
        break;
      index[d] = 0;
    }
  }
  return points;
}

std::vector<Point> latin_hypercube(std::span<const Dimension> dimensions, int samples, std::uint64_t seed) {
  if (samples < 1)
    throw UsageError("--samples: " + std::to_string(samples) + " is not a number of samples; expected 1 or more");
  std::mt19937_64 random(seed);
  const auto count = static_cast<std::size_t>(samples);
  std::vector<Point> points(count);
  for (const auto& dimension : dimensions) {
    std::vector<std::size_t> strata(count);
    for (std::size_t k = 0; k < count; ++k)
      strata[k] = k;
    for (std::size_t k = count; k-- > 1;)
      std::swap(strata[k], strata[random() % (k + 1)]);
    for (std::size_t k = 0; k < count; ++k) {
      const double where = (static_cast<double>(strata[k]) + unit_draw(random)) / static_cast<double>(count);
      Setting setting;
      std::optional<double> magnitude;
      if (dimension.continuous) {
        setting = dimension.setting_at(dimension.low + where * (dimension.high - dimension.low));
        magnitude = magnitude_of(setting.text.substr(dimension.path.size() + 1));
      } else {
        const auto index = std::min(dimension.values.size() - 1,
                                    static_cast<std::size_t>(where * static_cast<double>(dimension.values.size())));
        setting = dimension.setting(index);
        magnitude = dimension.magnitudes[index];
      }
      points[k].settings.push_back(std::move(setting));
      points[k].magnitudes.push_back(magnitude);
    }
  }
  return points;
}

} // namespace drsim
