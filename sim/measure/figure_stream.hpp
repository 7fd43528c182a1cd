// One figure of many drills (an RTO, a lost-writes count, an outage's length), summarised as the drills arrive, in
// memory that does not grow with their number.
//
// - Exact up to `exact_limit` values: the values themselves are kept, in run order, and every statistic is the one
//   the values give (nearest-rank percentiles, a mean summed in run order), byte for byte as if they had all been
//   kept.
// - Beyond it, a sketch with a relative error (DDSketch: Masson, Rim and Lee, "DDSketch: a fast and fully-mergeable
//   quantile sketch with relative-error guarantees", VLDB 2019): each value is counted in a bucket of logarithmic
//   width, and a percentile is its bucket's middle, within `sketch_relative_error` of a value the drills produced
//   at that rank (a value nearer to 0 than `sketch_zero` counts as 0); a bucket that only ever held one value
//   gives that value. The count, the smallest and largest values,
//   the mean (a correctly rounded sum: Shewchuk's, as Python's math.fsum) and the standard deviation stay exact,
//   up to the rounding of the squares. A share near 1 (availability) is sketched and summed as its complement, so
//   that the error is relative to the unavailability and the spread is not lost to the squares' rounding.
// Streams of drills of different runs merge: kept values in run order (by the first run of each, so contiguous
// batches merge in any order to the same values), sketches by adding their buckets, which no order changes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "sim/measure/statistics.hpp"

namespace drsim {

struct Summary {
  double mean = 0;
  double p50 = 0;
  double p95 = 0;
  double p99 = 0;
  double max = 0;
  std::size_t count = 0;
  // 95 % confidence intervals (sim/measure/statistics.hpp); absent when the sample is too small for any.
  std::optional<Interval> mean_ci;
  std::optional<Interval> p50_ci;
  std::optional<Interval> p95_ci;
  std::optional<Interval> p99_ci;
  bool approximate = false; //!< from a sketch: the percentiles and their intervals are within its relative error
};

// Nearest-rank percentiles (a value some run actually produced) with their confidence intervals; an empty sample
// gives count 0. The values are figures that cannot be negative, so the interval of the mean stops at 0.
Summary summarize(std::vector<double> values);

// A drill of a strategy, enough to replay it: `drsim run SCENARIO --strategy S --seed N`.
struct DrillRef {
  int run = 0; //!< its place among the strategy's drills, from 0
  std::uint64_t seed = 0;
};

// Values kept per figure before it is sketched: 8 bytes each, so a strategy's twenty-odd figures hold under 2 MB.
inline constexpr std::size_t exact_limit = 10'000;
inline constexpr double sketch_relative_error = 1e-3;
inline constexpr double sketch_zero = 1e-12;

// A sum of doubles rounded once, at the end: the same whatever the order of the terms.
class ExactSum {
public:
  void add(double value);
  void add(const ExactSum& other);
  double value() const;

private:
  std::vector<double> partials_; //!< non-overlapping, increasing in magnitude; a few dozen at most
  double special_ = 0;           //!< infinities and NaN, which have no partials
};

// Counts per logarithmic bucket, on both sides of 0.
class QuantileSketch {
public:
  void add(double value, std::uint64_t count = 1);
  void add(const QuantileSketch& other);
  std::uint64_t count() const { return count_; }
  // (what each non-empty bucket stands for, the values up to it), ascending.
  std::vector<std::pair<double, std::uint64_t>> cumulative() const;
  // The heap memory its buckets take: what many drills cost once a figure is sketched.
  std::size_t held_bytes() const { return positive_.held_bytes() + negative_.held_bytes(); }

private:
  // The buckets of one side, contiguous from the lowest one that ever held a value: a figure spans a few thousand
  // of them, most of them used, so an array beats any map. Counts take 4 bytes until one needs more.
  class Side {
  public:
    void add(std::int32_t index, std::uint64_t count, double value);
    void add(const Side& other);
    std::size_t size() const { return wide_.empty() ? narrow_.size() : wide_.size(); }
    std::int32_t index(std::size_t at) const { return first_ + static_cast<std::int32_t>(at); }
    std::uint64_t count(std::size_t at) const { return wide_.empty() ? narrow_[at] : wide_[at]; }
    // The one value bucket `at` has held, NaN once it held two (or if it is empty).
    double sole(std::size_t at) const;
    std::size_t held_bytes() const;

  private:
    std::int32_t first_ = 0;
    std::vector<std::uint32_t> narrow_; //!< counts of buckets first_, first_ + 1, ... while each fits
    std::vector<std::uint64_t> wide_;   //!< the same once one does not; narrow_ is then released
    // The buckets that have only ever held one value, by index, with it: counts, whole seconds and other figures
    // that take few values stay exact. Only the sparse tails and such figures have them, so they are kept apart.
    std::vector<std::pair<std::int32_t, double>> sole_;

    void cover(std::int32_t index);
    void widen();
  };
  Side positive_, negative_; //!< negative_ holds the magnitudes of negative values
  std::uint64_t zeros_ = 0, plus_infinity_ = 0, minus_infinity_ = 0;
  std::uint64_t count_ = 0;
};

class FigureStream {
public:
  enum class Scale {
    Value,      //!< sketched as it is
    Complement, //!< a share near 1, sketched as 1 - value
  };
  explicit FigureStream(Scale scale = Scale::Value, std::size_t limit = exact_limit);

  void add(double value, DrillRef drill);
  void merge(const FigureStream& other);

  std::size_t count() const { return count_; }
  bool exact() const { return count_ <= limit_; }
  double mean() const;
  std::optional<Interval> mean_interval() const;
  std::optional<DrillRef> lowest() const { return lowest_; }   //!< the first drill of the smallest value
  std::optional<DrillRef> highest() const { return highest_; } //!< the first drill of the largest value
  // Nearest-rank percentiles, the mean and their intervals, as summarize() gives them over the values.
  Summary summary() const;

  // The values in ascending order, as well as the stream knows them: each distinct value (or each bucket's middle)
  // with the number of values up to and including it.
  std::vector<std::pair<double, std::size_t>> cumulative() const;
  // The k-th smallest value (from 1) of a cumulative() list.
  static double at_rank(const std::vector<std::pair<double, std::size_t>>& cumulative, std::size_t k);
  // The heap memory it holds: the exact store while exact (8 bytes a value), the sketch's buckets beyond.
  std::size_t held_bytes() const;

private:
  Scale scale_;
  std::size_t limit_;
  std::size_t count_ = 0;
  int first_run_ = 0;
  std::vector<double> values_; //!< in run order, while exact
  QuantileSketch sketch_;      //!< once not exact
  ExactSum sum_, squares_;     //!< once not exact
  double min_ = 0, max_ = 0;
  std::optional<DrillRef> lowest_, highest_;

  void sketch(double value);
  void to_sketch();
};

} // namespace drsim
