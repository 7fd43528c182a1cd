#include "sim/measure/statistics.hpp"

#include <cmath>
#include <numeric>

#include <boost/math/distributions/binomial.hpp>
#include <boost/math/distributions/students_t.hpp>

namespace drsim {

std::optional<Interval> mean_interval(const std::vector<double>& values, double confidence) {
  const auto n = values.size();
  if (n < 2)
    return std::nullopt;
  const double count = static_cast<double>(n);
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / count;
  double squares = 0;
  for (const double value : values)
    squares += (value - mean) * (value - mean);
  const double standard_error = std::sqrt(squares / (count - 1) / count);
  const boost::math::students_t t(count - 1);
  const double half_width = boost::math::quantile(boost::math::complement(t, (1 - confidence) / 2)) * standard_error;
  return Interval{mean - half_width, mean + half_width};
}

std::optional<Interval> quantile_interval(const std::vector<double>& sorted, double q, double confidence) {
  const auto n = sorted.size();
  if (n == 0)
    return std::nullopt;
  const double tail = (1 - confidence) / 2;
  // B, the number of drills below the true quantile, is Binomial(n, q). The k-th smallest value lies below the
  // quantile when B >= k, the u-th above it when B <= u - 1. Boost rounds a discrete quantile outwards: the lower
  // one is the largest k with P(B <= k) <= tail (then X_(k+1) is a lower bound), the upper one the smallest k with
  // P(B > k) <= tail (then X_(k+1) is an upper bound).
  const boost::math::binomial below(static_cast<double>(n), q);
  const double lower = boost::math::quantile(below, tail);
  const auto upper_rank = static_cast<std::size_t>(boost::math::quantile(boost::math::complement(below, tail))) + 1;
  Interval interval;
  if (boost::math::cdf(below, lower) <= tail)
    interval.low = sorted[static_cast<std::size_t>(lower)];
  if (upper_rank <= n)
    interval.high = sorted[upper_rank - 1];
  return interval;
}

} // namespace drsim
