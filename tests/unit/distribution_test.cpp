#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "sim/core/distribution.hpp"

using drsim::Distribution;

namespace {

std::vector<double> draw(const Distribution& d, int n, std::uint64_t seed = 7) {
  drsim::Rng rng(seed);
  std::vector<double> values(n);
  for (auto& v : values)
    v = d.sample(rng);
  std::sort(values.begin(), values.end());
  return values;
}

} // namespace

TEST_CASE("a fixed distribution always gives its value") {
  const auto values = draw(Distribution::fixed(42), 10);
  CHECK(values.front() == 42);
  CHECK(values.back() == 42);
}

TEST_CASE("uniform samples stay within bounds and average the midpoint") {
  const auto values = draw(Distribution::uniform(60, 120), 20000);
  CHECK(values.front() >= 60);
  CHECK(values.back() <= 120);
  double sum = 0;
  for (double v : values)
    sum += v;
  // Standard error of the mean: (60 / sqrt(12)) / sqrt(20000) = 0.12 s; 1 s is more than 8 of them.
  CHECK(sum / values.size() == Approx(90).margin(1));
}

TEST_CASE("a uniform distribution with equal bounds gives its bound and takes one draw, like any uniform") {
  // Boost's uniform_real_distribution loops forever when low == high; this test would hang without the guard.
  drsim::Rng degenerate(11), ordinary(11);
  CHECK(Distribution::uniform(30, 30).sample(degenerate) == 30);
  Distribution::uniform(10, 20).sample(ordinary);
  CHECK(degenerate() == ordinary());
}

TEST_CASE("lognormal given by median and p95 reproduces both") {
  const auto values = draw(Distribution::lognormal(300, 900), 40000);
  // Sample quantiles of 40,000 draws sit within about 2 % of the true ones here.
  CHECK(values[20000] == Approx(300).epsilon(0.03));
  CHECK(values[38000] == Approx(900).epsilon(0.05));
}

TEST_CASE("empirical percentiles are interpolated linearly") {
  const auto d = Distribution::empirical({{0, 60}, {0.5, 300}, {1, 1800}});
  const auto values = draw(d, 40000);
  CHECK(values.front() >= 60);
  CHECK(values.back() <= 1800);
  CHECK(values[20000] == Approx(300).epsilon(0.03));
  CHECK(d.mean() == Approx(0.5 * 180 + 0.5 * 1050));
}

TEST_CASE("exponential mean is recovered") {
  const auto values = draw(Distribution::exponential(1800), 40000);
  double sum = 0;
  for (double v : values)
    sum += v;
  // Standard error: 1800 / sqrt(40000) = 9 s; 45 s is five of them.
  CHECK(sum / values.size() == Approx(1800).margin(45));
}

TEST_CASE("the same seed gives the same draws, derived seeds differ per run") {
  CHECK(draw(Distribution::normal(100, 20), 100, 5) == draw(Distribution::normal(100, 20), 100, 5));
  CHECK(drsim::derive_seed(42, 0, 1) != drsim::derive_seed(42, 0, 2));
  CHECK(drsim::derive_seed(42, 1, 0) != drsim::derive_seed(42, 0, 1));
  CHECK(drsim::derive_seed(42, 3, 9) == drsim::derive_seed(42, 3, 9));
}
