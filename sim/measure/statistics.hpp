// How sure a statistic of N drills is: 95 % confidence intervals for the mean and the percentiles that reports
// show, so that "p95 RTO 611 s" comes with the range the true p95 lies in, and an objective can be judged met,
// not met, or "cannot tell with N drills".
//
// - The mean: Student's t interval, mean +- t(0.975, n-1) s / sqrt(n). It assumes the mean of n drills is about
//   normal, which holds for the sums and shares drills produce once n is a few tens; with 1 drill there is none.
// - A percentile: the distribution-free order-statistic interval. The number of drills below the true q-quantile
//   is Binomial(n, q), so the order statistics at that binomial's 2.5 % and 97.5 % points (rounded outwards) hold
//   the q-quantile with at least 95 % probability, whatever the distribution (e.g. Hahn & Meeker, "Statistical
//   Intervals", 2nd ed., section 5.2). When n is too small for one side (p99 of 100 drills has no upper order
//   statistic beyond the sample), that side is unbounded: more drills are needed to bound it.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace drsim {

inline constexpr double confidence_level = 0.95;

// A confidence interval; an absent bound is unbounded (the sample is too small to bound that side).
struct Interval {
  std::optional<double> low;
  std::optional<double> high;

  bool bounded() const { return low.has_value() && high.has_value(); }
  bool operator==(const Interval&) const = default;
};

// The interval cut to [low, high]: the interval of a mean, symmetric by construction, need not reach past what the
// figure can be.
std::optional<Interval> within(std::optional<Interval> interval, double low, double high);

// The interval of the mean of `values`; absent for fewer than two values.
std::optional<Interval> mean_interval(const std::vector<double>& values, double confidence = confidence_level);
// The same from the sample's moments: `count` values of mean `mean` whose squared deviations from it add up to
// `squares`.
std::optional<Interval> mean_interval(std::size_t count, double mean, double squares,
                                      double confidence = confidence_level);

// The nearest rank (from 1) of the p-quantile of n values: ceil(p n), within 1 .. n.
std::size_t nearest_rank(double p, std::size_t n);

// The ranks (from 1) of the order statistics that bound the q-quantile of n values; an absent rank is unbounded.
struct QuantileRanks {
  std::optional<std::size_t> low;
  std::optional<std::size_t> high;
};
QuantileRanks quantile_ranks(std::size_t n, double q, double confidence = confidence_level);

// The interval of the q-quantile (0 < q < 1) of the distribution `sorted` (ascending) was drawn from; absent for no
// values.
std::optional<Interval> quantile_interval(const std::vector<double>& sorted, double q,
                                          double confidence = confidence_level);

} // namespace drsim
