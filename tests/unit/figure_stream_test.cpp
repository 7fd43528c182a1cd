// The streamed statistics of many drills: exact up to the limit (the bytes a list of every value gives), within the
// sketch's stated error beyond it, and the same whatever order the streams of batches merge in.

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

#include "sim/measure/figure_stream.hpp"
#include "sim/measure/report.hpp"
#include "sim/measure/strategy_figures.hpp"
#include "tests/support/same_summary.hpp"

namespace {

using drsim::FigureStream;

std::vector<double> draws(std::size_t n, unsigned seed, int kind) {
  std::mt19937_64 random(seed);
  std::exponential_distribution<double> exponential(1.0 / 600);
  std::lognormal_distribution<double> lognormal(5, 1.5);
  std::uniform_real_distribution<double> uniform(0, 3600);
  std::vector<double> values;
  for (std::size_t i = 0; i < n; ++i) {
    switch (kind) {
    case 0:
      values.push_back(exponential(random));
      break;
    case 1:
      values.push_back(lognormal(random));
      break;
    case 2:
      // Ties and zeros, as lost-write counts have them.
      values.push_back(std::floor(uniform(random) / 600));
      break;
    default:
      values.push_back(uniform(random));
    }
  }
  return values;
}

FigureStream stream_of(const std::vector<double>& values, std::size_t from, std::size_t to,
                       FigureStream::Scale scale = FigureStream::Scale::Value) {
  FigureStream stream(scale);
  for (std::size_t i = from; i < to; ++i)
    stream.add(values[i], {static_cast<int>(i), 1000 + i});
  return stream;
}

double nearest_rank_of(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return values[drsim::nearest_rank(p, values.size()) - 1];
}

} // namespace

TEST_CASE("figure stream: up to the limit, every statistic is the one the sorted values give, byte for byte") {
  for (int kind = 0; kind < 4; ++kind)
    for (const std::size_t n :
         {std::size_t{1}, std::size_t{2}, std::size_t{37}, std::size_t{1000}, drsim::exact_limit}) {
      INFO("distribution " << kind << ", " << n << " values");
      const auto values = draws(n, 7 + static_cast<unsigned>(n), kind);
      const auto stream = stream_of(values, 0, n);
      REQUIRE(stream.exact());
      drsim::test::check_same_summary(stream.summary(), drsim::summarize(values));
      const auto steps = stream.cumulative();
      auto sorted = values;
      std::sort(sorted.begin(), sorted.end());
      for (std::size_t k = 1; k <= n; k += 1 + n / 50)
        CHECK(FigureStream::at_rank(steps, k) == sorted[k - 1]);
    }
}

TEST_CASE("figure stream: the first drill of the largest and of the smallest value, whatever the merges") {
  const std::vector<double> values{3, 9, 1, 9, 1, 4};
  const auto whole = stream_of(values, 0, values.size());
  CHECK(whole.highest()->run == 1);
  CHECK(whole.lowest()->run == 2);
  auto merged = stream_of(values, 3, 6);
  merged.merge(stream_of(values, 0, 3));
  CHECK(merged.highest()->run == 1);
  CHECK(merged.lowest()->run == 2);
}

TEST_CASE(
    "figure stream: beyond the limit, percentiles within the sketch's relative error; count, mean and max exact") {
  const std::size_t n = 4 * drsim::exact_limit + 17;
  for (int kind = 0; kind < 4; ++kind) {
    INFO("distribution " << kind);
    const auto values = draws(n, 11, kind);
    const auto stream = stream_of(values, 0, n);
    REQUIRE_FALSE(stream.exact());
    const auto summary = stream.summary();
    CHECK(summary.approximate);
    CHECK(summary.count == n);
    CHECK(summary.max == *std::max_element(values.begin(), values.end()));
    long double sum = 0;
    for (double v : values)
      sum += v;
    CHECK(summary.mean == Approx(static_cast<double>(sum / n)).epsilon(1e-12));
    const double tolerance = drsim::sketch_relative_error * (1 + 1e-9);
    for (const double p : {0.01, 0.25, 0.50, 0.95, 0.99}) {
      const double exact = nearest_rank_of(values, p);
      const double sketched = FigureStream::at_rank(stream.cumulative(), drsim::nearest_rank(p, n));
      INFO("p" << p << ": " << sketched << " for " << exact);
      CHECK(std::fabs(sketched - exact) <= tolerance * std::fabs(exact) + drsim::sketch_zero);
    }
    CHECK(std::fabs(summary.p95 - nearest_rank_of(values, 0.95)) <= tolerance * nearest_rank_of(values, 0.95));
    REQUIRE(summary.p95_ci);
    REQUIRE(summary.p95_ci->bounded());
    CHECK(*summary.p95_ci->low <= summary.p95);
    CHECK(*summary.p95_ci->high >= summary.p95);
    const auto exact_ci = drsim::summarize(values).mean_ci;
    CHECK(summary.mean_ci->low.value() == Approx(*exact_ci->low).epsilon(1e-9));
    CHECK(summary.mean_ci->high.value() == Approx(*exact_ci->high).epsilon(1e-9));
  }
}

TEST_CASE("figure stream: a share near 1 is sketched by its complement, so the error is relative to 1 - share") {
  const std::size_t n = 3 * drsim::exact_limit;
  std::mt19937_64 random(5);
  std::exponential_distribution<double> unavailability(1e4);
  std::vector<double> shares;
  for (std::size_t i = 0; i < n; ++i)
    shares.push_back(1 - unavailability(random));
  const auto stream = stream_of(shares, 0, n, FigureStream::Scale::Complement);
  const auto steps = stream.cumulative();
  for (const double p : {0.01, 0.05, 0.50, 0.99}) {
    const double exact = nearest_rank_of(shares, p);
    const double sketched = FigureStream::at_rank(steps, drsim::nearest_rank(p, n));
    INFO("p" << p);
    CHECK(std::fabs((1 - sketched) - (1 - exact)) <= drsim::sketch_relative_error * (1 - exact) * (1 + 1e-6));
  }
}

TEST_CASE("figure stream: the ranks of the lowest and highest buckets keep the sketch's error, not the extremes") {
  // One bucket holds (gamma^(k-1), gamma^k]: many values at its bottom and one at its top. Every rank but the last
  // is a bottom value; reporting the bucket's top for them would be a whole bucket (0.2 %) off.
  const double gamma = (1 + drsim::sketch_relative_error) / (1 - drsim::sketch_relative_error);
  const double k = std::ceil(std::log(1000.0) / std::log(gamma));
  const double bottom = std::pow(gamma, k - 1) * (1 + 1e-9);
  const double top = std::pow(gamma, k) * (1 - 1e-9);
  FigureStream stream(FigureStream::Scale::Value, 10);
  for (int i = 0; i < 100; ++i)
    stream.add(bottom, {i, static_cast<std::uint64_t>(i)});
  stream.add(top, {100, 100});
  REQUIRE_FALSE(stream.exact());
  const double tolerance = drsim::sketch_relative_error * (1 + 1e-9);
  for (const double p : {0.01, 0.50, 0.99}) {
    const double sketched = FigureStream::at_rank(stream.cumulative(), drsim::nearest_rank(p, 101));
    INFO("p" << p << ": " << sketched << " for " << bottom);
    CHECK(std::fabs(sketched - bottom) <= tolerance * bottom);
  }
  CHECK(stream.summary().max == top);
}

TEST_CASE("figure stream: a sketched share near 1 keeps the spread of its complement in its mean's interval") {
  // Availabilities 1 - 1e-6 +- 1e-9: their squares all round to the same few doubles near 1, so a spread computed
  // from them is lost; computed from the complements, it is the one of the values.
  std::vector<double> shares;
  for (int i = 0; i < 2000; ++i)
    shares.push_back(1 - 1e-6 + (i % 2 == 0 ? 1e-9 : -1e-9));
  FigureStream stream(FigureStream::Scale::Complement, 10);
  for (std::size_t i = 0; i < shares.size(); ++i)
    stream.add(shares[i], {static_cast<int>(i), i});
  REQUIRE_FALSE(stream.exact());
  const auto sketched = stream.summary().mean_ci;
  const auto exact = drsim::summarize(shares).mean_ci;
  REQUIRE(sketched);
  REQUIRE(exact);
  const double exact_width = *exact->high - *exact->low;
  REQUIRE(exact_width > 0);
  CHECK((*sketched->high - *sketched->low) == Approx(exact_width).epsilon(1e-3));
}

TEST_CASE("figure stream: batches merged in any order and grouping give the same bytes") {
  for (const std::size_t n : {std::size_t{5000}, 3 * drsim::exact_limit + 5}) {
    INFO(n << " values");
    const auto values = draws(n, 3, 1);
    const std::size_t a = n / 3, b = 2 * n / 3 + 1;
    const auto whole = stream_of(values, 0, n);
    auto forward = stream_of(values, 0, a);
    forward.merge(stream_of(values, a, b));
    forward.merge(stream_of(values, b, n));
    auto backward = stream_of(values, b, n);
    backward.merge(stream_of(values, a, b));
    backward.merge(stream_of(values, 0, a));
    auto grouped = stream_of(values, a, b);
    auto last = stream_of(values, b, n);
    grouped.merge(last);
    auto first = stream_of(values, 0, a);
    first.merge(grouped);
    for (const auto* merged : {&forward, &backward, &first}) {
      drsim::test::check_same_summary(merged->summary(), whole.summary());
      CHECK(merged->cumulative() == whole.cumulative());
      CHECK(merged->highest()->run == whole.highest()->run);
    }
  }
}

TEST_CASE("figure stream: once sketched, its memory is the buckets' alone, 4 bytes each, whatever the values") {
  // A figure of one value: the exact store it had is given back, one bucket remains.
  FigureStream constant(FigureStream::Scale::Value, 100);
  for (int run = 0; run <= 100; ++run)
    constant.add(42, {run, 1});
  REQUIRE_FALSE(constant.exact());
  CHECK(constant.held_bytes() < 100 * sizeof(double));

  // Many values in every bucket of an octave: each bucket a 4-byte count (an eighth more room at most), no sole
  // value but perhaps at the octave's ends.
  const double octave_buckets =
      std::log(2.0) / std::log((1 + drsim::sketch_relative_error) / (1 - drsim::sketch_relative_error));
  std::mt19937_64 random(3);
  std::uniform_real_distribution<double> uniform(1000, 2000);
  FigureStream dense;
  for (int run = 0; run < 20 * static_cast<int>(drsim::exact_limit); ++run)
    dense.add(uniform(random), {run, 1});
  CHECK(static_cast<double>(dense.held_bytes()) <= 4.5 * (octave_buckets + 2) + 4 * 16);
}

TEST_CASE("quantile sketch: a bucket's count goes past 2^32, and merges carry it") {
  constexpr std::uint64_t most = std::numeric_limits<std::uint32_t>::max();
  drsim::QuantileSketch sketch;
  sketch.add(7, most);
  sketch.add(-3, 2);
  sketch.add(7, 2);
  REQUIRE(sketch.count() == most + 4);
  auto steps = sketch.cumulative();
  REQUIRE(steps.size() == 2);
  CHECK(steps[0] == std::pair{-3.0, std::uint64_t{2}});
  CHECK(steps[1] == std::pair{7.0, most + 4});

  drsim::QuantileSketch other;
  other.add(7, most);
  other.add(9, 1);
  sketch.add(other);
  steps = sketch.cumulative();
  REQUIRE(steps.size() == 3);
  CHECK(steps[1] == std::pair{7.0, 2 * most + 4});
  CHECK(steps[2] == std::pair{9.0, 2 * most + 5});
}

TEST_CASE("quantile sketch: a bucket that held one value gives it, on both sides and whatever the merges") {
  const double gamma = (1 + drsim::sketch_relative_error) / (1 - drsim::sketch_relative_error);
  // 3 and 5 each share their bucket with a value a ten-thousandth above them.
  const double near_three = 3 * 1.0001;
  drsim::QuantileSketch ones, twos, mixed;
  for (double v : {3.0, -5.0, 120.0})
    ones.add(v, 4);
  twos.add(3, 1);
  twos.add(120, 2);
  mixed.add(near_three, 1);
  mixed.add(-5, 1);
  mixed.add(-5.0001, 1);

  auto sole = ones;
  sole.add(twos);
  const auto steps = sole.cumulative();
  REQUIRE(steps.size() == 3);
  CHECK(steps[0].first == -5);
  CHECK(steps[1].first == 3);
  CHECK(steps[2].first == 120);

  for (const bool mixed_first : {false, true}) {
    INFO("the bucket's second value " << (mixed_first ? "first" : "last"));
    drsim::QuantileSketch merged = mixed_first ? mixed : ones;
    merged.add(mixed_first ? ones : mixed);
    const auto with_two = merged.cumulative();
    REQUIRE(with_two.size() == 3);
    // Two values in a bucket: its middle, within the relative error of both, and neither of them.
    CHECK(with_two[0].first != -5);
    CHECK(std::fabs(with_two[0].first + 5) <= drsim::sketch_relative_error * 5.0001);
    CHECK(with_two[1].first != 3);
    CHECK(with_two[1].first != near_three);
    CHECK(std::fabs(with_two[1].first - 3) <= drsim::sketch_relative_error * 3 * gamma);
    CHECK(with_two[2].first == 120);
  }
}

TEST_CASE("exact sum: correctly rounded whatever the order of the terms") {
  drsim::ExactSum sum;
  for (double v : {1e100, 1.0, -1e100})
    sum.add(v);
  CHECK(sum.value() == 1.0);
  auto values = draws(20000, 9, 1);
  drsim::ExactSum forward;
  for (double v : values)
    forward.add(v);
  std::reverse(values.begin(), values.end());
  drsim::ExactSum backward;
  for (double v : values)
    backward.add(v);
  CHECK(forward.value() == backward.value());
}

TEST_CASE("strategy figures: a strategy's report from streamed drills is the one of its list of drills") {
  std::vector<drsim::DrillResult> drills;
  std::mt19937_64 random(2);
  std::uniform_real_distribution<double> uniform(0, 1);
  for (int i = 0; i < 300; ++i) {
    drsim::DrillResult drill;
    drill.run = i;
    drill.seed = 50 + static_cast<std::uint64_t>(i);
    if (uniform(random) > 0.1)
      drill.measurement.rto_s = 600 * uniform(random);
    drill.measurement.rpo_s = std::floor(10 * uniform(random));
    drill.measurement.availability = 1 - 1e-3 * uniform(random);
    drills.push_back(drill);
  }
  const auto listed = drsim::summarize_strategy("s", drills);
  drsim::StrategyFigures late("s");
  for (std::size_t i = 150; i < drills.size(); ++i)
    late.add(drills[i]);
  drsim::StrategyFigures early("s");
  for (std::size_t i = 0; i < 150; ++i)
    early.add(drills[i]);
  late.merge(early);
  const auto merged = late.report();
  CHECK(merged.runs == listed.runs);
  CHECK(merged.unrecovered_runs == listed.unrecovered_runs);
  drsim::test::check_same_summary(merged.rto_s, listed.rto_s);
  drsim::test::check_same_summary(merged.rpo_s, listed.rpo_s);
  CHECK(merged.availability == listed.availability);
  CHECK(merged.availability_ci == listed.availability_ci);
  CHECK(merged.figures->first_unrecovered->run == listed.figures->first_unrecovered->run);
}
