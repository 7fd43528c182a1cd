// An uncertain input: a duration or quantity given as a probability distribution, sampled once per run.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include <boost/random/mersenne_twister.hpp>

namespace drsim {

// Boost.Random's engines and distributions give the same numbers on every platform, unlike std::*_distribution.
using Rng = boost::random::mt19937_64;

class Distribution {
public:
  enum class Kind { Fixed, Uniform, Normal, Lognormal, Exponential, Weibull, Empirical };

  static Distribution fixed(double value);
  static Distribution uniform(double low, double high);
  // Truncated at zero: a negative duration is never sampled.
  static Distribution normal(double mean, double stddev);
  // Parameterised the way people state response times: the median and the 95th percentile.
  static Distribution lognormal(double median, double p95);
  static Distribution exponential(double mean);
  static Distribution weibull(double shape, double scale);
  // Piecewise-linear inverse CDF through (probability, value) points; probabilities rise from 0 to 1.
  static Distribution empirical(std::vector<std::pair<double, double>> percentile_points);

  double sample(Rng& rng) const;
  double mean() const;
  bool is_fixed() const { return kind_ == Kind::Fixed; }
  Kind kind() const { return kind_; }

private:
  Kind kind_ = Kind::Fixed;
  double a_ = 0;
  double b_ = 0;
  std::vector<std::pair<double, double>> points_;
};

// A seed for run `index` of stream `stream`, derived so that any run can be reproduced alone (SplitMix64 mixing).
std::uint64_t derive_seed(std::uint64_t base, std::uint64_t stream, std::uint64_t index);

} // namespace drsim
