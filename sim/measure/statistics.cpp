#include "sim/measure/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace drsim {

std::optional<Interval> within(std::optional<Interval> interval, double low, double high) {
  if (interval) {
    interval->low = std::clamp(*interval->low, low, high);
    interval->high = std::clamp(*interval->high, low, high);
  }
  return interval;
}

std::optional<Interval> mean_interval(const std::vector<double>& values, double confidence) {
  const auto n = values.size();
  if (n < 2)
    return std::nullopt;
  const double count = static_cast<double>(n);
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / count;
  double squares = 0;
  for (const double value : values)
    squares += (value - mean) * (value - mean);
  return mean_interval(n, mean, squares, confidence);
}

std::optional<Interval> mean_interval(std::size_t n, double mean, double squares, double confidence) {
  if (n < 2)
    return std::nullopt;
  const double count = static_cast<double>(n);
  const double standard_error = std::sqrt(squares / (count - 1) / count);
  const boost::math::students_t t(count - 1);
  const double half_width = boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2)) * standard_error;
  return Interval{mean - half_width, mean + half_width};
}

std::size_t nearest_rank(double p, std::size_t n) {
  const auto index = static_cast<std::size_t>(std::ceil(p * static_cast<double>(n)));
  return std::clamp<std::size_t>(index, 1, n);
}

std::optional<Interval> quantile_interval(const std::vector<double>& sorted, double q, double confidence) {
  const auto n = sorted.size();
  if (n == 0)
    return std::nullopt;
  const auto ranks = quantile_ranks(n, q, confidence);
  Interval interval;
  if (ranks.low)
    interval.low = sorted[*ranks.low - 1];
  if (ranks.high)
    interval.high = sorted[*ranks.high - 1];
  return interval;
}

QuantileRanks quantile_ranks(std::size_t n, double q, double confidence) {
  const double tail = (1 - confidence) / 2;
  // B, the number of drills below the true quantile, is Binomial(n, q). The k-th smallest value lies below the
  // quantile when B >= k, the u-th above it when B <= u - 1. Boost rounds a discrete quantile outwards: the lower
  // one is the largest k with P(B <= k) <= tail (then X_(k+1) is a lower bound), the upper one the smallest k with
  // P(B > k) <= tail (then X_(k+1) is an upper bound).
  const boost::math::binomial below(static_cast<double>(n), q);
  const double lower = boost::math::quantile(below, tail);
  const auto upper_rank = static_cast<std::size_t>(boost::math::quantile(boost::math::complement(below, tail))) + 1;
  QuantileRanks ranks;
  if (boost::math::cdf(below, lower) <= tail)
    ranks.low = static_cast<std::size_t>(lower) + 1;
  if (upper_rank <= n)
    ranks.high = upper_rank;
  return ranks;
}

} // namespace drsim
