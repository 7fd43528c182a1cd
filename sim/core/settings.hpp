// Values set from the command line: `--set PATH=VALUE` on any command that reads a scenario, and the values a sweep
// or an optimisation varies (`--vary PATH=v1,v2,...` or `PATH=lo..hi/steps`). A path addresses a value of the
// scenario file (`horizon`, `faults.0.onset`, `strategies.warm-standby.preset_parameters.standby_share`) or, under
// `topology.`, of the topology file it names (`topology.dns.shop.ttl`). Settings are applied to the JSON documents
// before they are read (`load_scenario_file`, sim/input/scenario_reader.hpp), so a set value is checked exactly as
// the same value written in the file.
//
// Path segments are separated by dots. In a list, an element is named by its "name" (a DNS record's endpoints by
// their "target"), by its index, or, for a name with dots (`shop.example.com`), by its first label when no other
// element shares it (`dns.shop`). A segment that names nothing gets the candidates and a "did you mean".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace drsim {

// One `PATH=VALUE`.
struct Setting {
  std::string path;
  nlohmann::json value; //!< the VALUE text as JSON when it is JSON (0.5, 3, true, null), else as a string ("30s")
  std::string text;     //!< PATH=VALUE as given, for messages, evidence and scenario patches

  bool operator==(const Setting&) const = default;
};

// "PATH=VALUE"; throws UsageError naming `option` (e.g. "--set") when there is no '=' or the path is empty.
Setting parse_setting(std::string_view text, std::string_view option = "--set");
// The JSON a value text stands for: JSON when it parses as a number, true, false or null, else the text itself.
nlohmann::json setting_value(std::string_view text);

// One parameter a sweep varies: the values it takes, in order.
struct Dimension {
  std::string path;
  std::vector<std::string> values; //!< as written or as spaced by a range: "30s", "0.5", "6"
  // Each value as a number for charts and searches: seconds for a duration, bytes for a size, bytes per second for a
  // bandwidth, events per second for a rate, the number itself for a number; absent when a value is none of these.
  std::vector<std::optional<double>> magnitudes;
  // Written as a range `lo..hi/steps`: a Latin hypercube draws anywhere in [lo, hi] (counts stay whole), and a
  // search may refine between grid values.
  bool continuous = false;
  // A range's ends as magnitudes, the unit its values are written in (lo's, or hi's when lo is 0: "s", "m", "" for
  // a bare number) with that unit's size in magnitudes, and whether its values are counts (both ends bare whole
  // numbers: an instance count stays whole).
  double low = 0;
  double high = 0;
  std::string unit;
  double unit_size = 1;
  bool whole = false;

  // The setting that gives this dimension its value number `index`.
  Setting setting(std::size_t index) const;
  // The setting for a value drawn inside a range: `magnitude` written in the unit the range's ends were written in.
  Setting setting_at(double magnitude) const;
};

// "PATH=v1,v2,..." or "PATH=lo..hi/steps" (steps values, both ends included, evenly spaced, in lo's unit). Throws
// UsageError naming `option` for a bad list or range.
Dimension parse_dimension(std::string_view text, std::string_view option = "--vary");

// One combination of the dimensions' values: a point of a sweep or of a search.
struct Point {
  std::vector<Setting> settings;                 //!< one per dimension, in the dimensions' order
  std::vector<std::optional<double>> magnitudes; //!< each setting's value as a number (Dimension::magnitudes)
};

// Every combination of the dimensions' values, the first dimension varying slowest. Throws UsageError beyond
// `most` points, naming how many the grid has.
std::vector<Point> grid_points(std::span<const Dimension> dimensions, std::size_t most);
// `samples` points of a Latin hypercube: each dimension cut into `samples` equal strata, one point in each, the
// strata paired at random (seeded: the same seed, the same points). A range draws anywhere in its stratum (rounded
// as its ends are written); a list takes the value its stratum falls on.
std::vector<Point> latin_hypercube(std::span<const Dimension> dimensions, int samples, std::uint64_t seed);

} // namespace drsim
