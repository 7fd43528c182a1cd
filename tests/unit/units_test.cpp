#include <catch2/catch.hpp>

#include "sim/core/units.hpp"

using drsim::Quantity;

TEST_CASE("durations are converted to seconds") {
  CHECK(drsim::parse_duration("250ms") == Approx(0.25));
  CHECK(drsim::parse_duration("90s") == 90);
  CHECK(drsim::parse_duration("5m") == 300);
  CHECK(drsim::parse_duration("1.5h") == 5400);
  CHECK(drsim::parse_duration("7d") == 604800);
  CHECK(drsim::parse_duration("1w") == 604800);
  CHECK(drsim::parse_duration("2 h") == 7200);
  CHECK(drsim::parse_duration("0s") == 0);
  CHECK(drsim::parse_duration("1e3s") == 1000);
}

TEST_CASE("sizes, bandwidths and rates are converted to bytes, bytes per second and per second") {
  CHECK(drsim::parse_size("2KB") == 2000);
  CHECK(drsim::parse_size("1KiB") == 1024);
  CHECK(drsim::parse_size("10GB") == 10e9);
  CHECK(drsim::parse_size("1TiB") == 1099511627776.0);
  CHECK(drsim::parse_bandwidth("1Gbps") == 1.25e8);
  CHECK(drsim::parse_bandwidth("100Mbps") == 1.25e7);
  CHECK(drsim::parse_bandwidth("125MBps") == 1.25e8);
  CHECK(drsim::parse_rate("200/s") == 200);
  CHECK(drsim::parse_rate("30/m") == Approx(0.5));
  CHECK(drsim::parse_rate("100/h") == Approx(100.0 / 3600));
}

TEST_CASE("a quantity without its unit, or with a wrong one, is refused with the reason") {
  const auto error = [](Quantity q, const char* text) {
    CHECK_FALSE(drsim::parse_quantity(q, text));
    return drsim::quantity_error(q, text);
  };
  CHECK(error(Quantity::Duration, "90") == "a duration needs a unit, e.g. \"90s\"");
  CHECK(error(Quantity::Size, "100") == "a size needs a unit, e.g. \"100GB\"");
  CHECK(error(Quantity::Bandwidth, "1") == "a bandwidth needs a unit, e.g. \"1Gbps\"");
  CHECK(error(Quantity::Rate, "5") == "a rate needs a unit, e.g. \"5/s\"");
  CHECK(error(Quantity::Duration, "5x") == "unknown duration unit \"x\" in \"5x\"; expected ms, s, m, h, d or w");
  CHECK(error(Quantity::Size, "1gb") ==
        "unknown size unit \"gb\" in \"1gb\"; expected B, KB, MB, GB, TB, KiB, MiB, GiB or TiB");
  CHECK(error(Quantity::Bandwidth, "1Gb") ==
        "unknown bandwidth unit \"Gb\" in \"1Gb\"; expected bps, Kbps, Mbps, Gbps, Tbps, Bps, KBps, MBps or GBps");
  CHECK(error(Quantity::Rate, "5/d") == "unknown rate unit \"/d\" in \"5/d\"; expected /s, /m or /h");
  CHECK(error(Quantity::Duration, "abc") == "\"abc\" is not a duration; expected a number and a unit, e.g. \"90s\"");
  CHECK(error(Quantity::Duration, "") == "\"\" is not a duration; expected a number and a unit, e.g. \"90s\"");
  CHECK(error(Quantity::Duration, ".5s") == "\".5s\" is not a duration; expected a number and a unit, e.g. \"90s\"");
  CHECK(error(Quantity::Duration, "nan") == "\"nan\" is not a duration; expected a number and a unit, e.g. \"90s\"");
  CHECK(error(Quantity::Duration, "infs") == "\"infs\" is not a duration; expected a number and a unit, e.g. \"90s\"");
  CHECK(error(Quantity::Duration, " 5s") == "\" 5s\" is not a duration; expected a number and a unit, e.g. \"90s\"");
  CHECK(error(Quantity::Duration, "5s ") == "unknown duration unit \"s \" in \"5s \"; expected ms, s, m, h, d or w");
}

TEST_CASE("negative, zero bandwidth and out-of-range quantities are refused") {
  const auto error = [](Quantity q, const char* text) {
    CHECK_FALSE(drsim::parse_quantity(q, text));
    return drsim::quantity_error(q, text);
  };
  CHECK(error(Quantity::Duration, "-5s") == "\"-5s\" is negative; a duration must be zero or more");
  CHECK(error(Quantity::Rate, "-1/s") == "\"-1/s\" is negative; a rate must be zero or more");
  CHECK(error(Quantity::Bandwidth, "0Gbps") == "\"0Gbps\" is zero; a bandwidth must be greater than zero");
  CHECK(error(Quantity::Duration, "1e20s") == "\"1e20s\" is too large; a duration must be at most 1e15 s");
  CHECK(error(Quantity::Size, "2000TB") == "\"2000TB\" is too large; a size must be at most 1e15 B");
  CHECK(error(Quantity::Duration, "1e400s") == "\"1e400s\" is out of range; expected a duration from 0 to 1e15 s");
  CHECK(drsim::quantity_error(Quantity::Duration, "90s").empty());
  CHECK(drsim::parse_duration("-0s") == 0);
}

TEST_CASE("durations print short and readable") {
  CHECK(drsim::format_duration(0) == "0s");
  CHECK(drsim::format_duration(0.25) == "250ms");
  CHECK(drsim::format_duration(1.5) == "1.5s");
  CHECK(drsim::format_duration(45) == "45s");
  CHECK(drsim::format_duration(300) == "5m");
  CHECK(drsim::format_duration(750) == "12m 30s");
  CHECK(drsim::format_duration(3723) == "1h 02m 03s");
  CHECK(drsim::format_duration(11100) == "3h 05m");
  CHECK(drsim::format_duration(7200) == "2h");
  CHECK(drsim::format_duration(172800) == "2d");
  CHECK(drsim::format_duration(187200) == "2d 04h");
  CHECK(drsim::format_duration(59.97) == "1m");
  CHECK(drsim::format_duration(-90) == "-1m 30s");
}
