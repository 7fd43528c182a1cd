#include "sim/measure/figure_stream.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace drsim {
namespace {

const double gamma = (1 + sketch_relative_error) / (1 - sketch_relative_error);
const double log_gamma = std::log(gamma);

// The bucket of a magnitude above sketch_zero: (gamma^(i-1), gamma^i].
std::int32_t bucket_of(double magnitude) {
  return static_cast<std::int32_t>(std::ceil(std::log(magnitude) / log_gamma));
}

// Within sketch_relative_error of every magnitude of bucket i.
double middle_of(std::int32_t index) { return 2 * std::pow(gamma, index) / (gamma + 1); }

} // namespace

Summary summarize(std::vector<double> values) {
  Summary s;
  s.count = values.size();
  if (values.empty())
    return s;
  std::sort(values.begin(), values.end());
  auto rank = [&](double p) { return values[nearest_rank(p, values.size()) - 1]; };
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
  s.p50 = rank(0.50);
  s.p95 = rank(0.95);
  s.p99 = rank(0.99);
  s.max = values.back();
  s.mean_ci = within(mean_interval(values), 0, std::numeric_limits<double>::infinity());
  s.p50_ci = quantile_interval(values, 0.50);
  s.p95_ci = quantile_interval(values, 0.95);
  s.p99_ci = quantile_interval(values, 0.99);
  return s;
}

void ExactSum::add(double value) {
  if (!std::isfinite(value)) {
    special_ += value;
    return;
  }
  std::size_t kept = 0;
  for (double partial : partials_) {
    if (std::fabs(value) < std::fabs(partial))
      std::swap(value, partial);
    const double high = value + partial;
    const double low = partial - (high - value);
    if (low != 0)
      partials_[kept++] = low;
    value = high;
  }
  partials_.resize(kept);
  partials_.push_back(value);
}

void ExactSum::add(const ExactSum& other) {
  for (double partial : other.partials_)
    add(partial);
  special_ += other.special_;
}

double ExactSum::value() const {
  if (special_ != 0 || std::isnan(special_))
    return special_;
  if (partials_.empty())
    return 0;
  // The partials' exact sum rounded once: add from the largest down until a term is lost, then round half to even
  // by the sign of what lies below it.
  std::size_t n = partials_.size();
  double high = partials_[--n];
  double low = 0;
  while (n > 0) {
    const double x = high;
    const double y = partials_[--n];
    high = x + y;
    low = y - (high - x);
    if (low != 0)
      break;
  }
  if (n > 0 && ((low < 0 && partials_[n - 1] < 0) || (low > 0 && partials_[n - 1] > 0))) {
    const double twice = low * 2;
    const double x = high + twice;
    if (twice == x - high)
      high = x;
  }
  return high;
}

namespace {

// `counts` with `before` empty buckets put ahead and `after` behind, in an array sized to them with an eighth more
// room behind: a sketch's range grows rarely (each time a drill sets a new extreme), so little room is wasted.
template <class Counts> void grow(Counts& counts, std::size_t before, std::size_t after) {
  const std::size_t size = before + counts.size() + after;
  if (before == 0 && size <= counts.capacity()) {
    counts.resize(size);
    return;
  }
  Counts grown;
  grown.reserve(size + size / 8);
  grown.resize(before);
  grown.insert(grown.end(), counts.begin(), counts.end());
  grown.resize(size);
  counts = std::move(grown);
}

bool before_index(const std::pair<std::int32_t, double>& sole, std::int32_t index) { return sole.first < index; }

} // namespace

void QuantileSketch::Side::cover(std::int32_t index) {
  const auto grow_by = [this](std::size_t before, std::size_t after) {
    if (wide_.empty())
      grow(narrow_, before, after);
    else
      grow(wide_, before, after);
  };
  if (size() == 0) {
    first_ = index;
    grow_by(0, 1);
  } else if (index < first_) {
    grow_by(static_cast<std::size_t>(first_ - index), 0);
    first_ = index;
  } else if (static_cast<std::size_t>(index - first_) >= size()) {
    grow_by(0, static_cast<std::size_t>(index - first_) + 1 - size());
  }
}

void QuantileSketch::Side::widen() {
  wide_.reserve(narrow_.capacity());
  wide_.assign(narrow_.begin(), narrow_.end());
  narrow_ = std::vector<std::uint32_t>();
}

void QuantileSketch::Side::add(std::int32_t index, std::uint64_t count, double value) {
  if (count == 0)
    return;
  cover(index);
  const auto at = static_cast<std::size_t>(index - first_);
  const auto sole = std::lower_bound(sole_.begin(), sole_.end(), index, before_index);
  if (this->count(at) == 0) {
    if (!std::isnan(value))
      sole_.insert(sole, {index, value});
  } else if (sole != sole_.end() && sole->first == index && sole->second != value) {
    sole_.erase(sole);
    // While the first values arrive most buckets hold one; once they fill, few do and that room is given back.
    if (sole_.size() < sole_.capacity() / 4)
      sole_.shrink_to_fit();
  }
  if (wide_.empty() && count > std::numeric_limits<std::uint32_t>::max() - narrow_[at])
    widen();
  if (wide_.empty())
    narrow_[at] += static_cast<std::uint32_t>(count);
  else
    wide_[at] += count;
}

void QuantileSketch::Side::add(const Side& other) {
  for (std::size_t at = 0; at < other.size(); ++at)
    add(other.index(at), other.count(at), other.sole(at));
}

double QuantileSketch::Side::sole(std::size_t at) const {
  const std::int32_t index = this->index(at);
  const auto sole = std::lower_bound(sole_.begin(), sole_.end(), index, before_index);
  return sole != sole_.end() && sole->first == index ? sole->second : std::numeric_limits<double>::quiet_NaN();
}

std::size_t QuantileSketch::Side::held_bytes() const {
  return narrow_.capacity() * sizeof(std::uint32_t) + wide_.capacity() * sizeof(std::uint64_t) +
         sole_.capacity() * sizeof(sole_[0]);
}

void QuantileSketch::add(double value, std::uint64_t count) {
  count_ += count;
  if (std::isnan(value))
    plus_infinity_ += count;
  else if (std::isinf(value))
    (value > 0 ? plus_infinity_ : minus_infinity_) += count;
  else if (std::fabs(value) <= sketch_zero)
    zeros_ += count;
  else
    (value > 0 ? positive_ : negative_).add(bucket_of(std::fabs(value)), count, std::fabs(value));
}

void QuantileSketch::add(const QuantileSketch& other) {
  positive_.add(other.positive_);
  negative_.add(other.negative_);
  zeros_ += other.zeros_;
  plus_infinity_ += other.plus_infinity_;
  minus_infinity_ += other.minus_infinity_;
  count_ += other.count_;
}

std::vector<std::pair<double, std::uint64_t>> QuantileSketch::cumulative() const {
  std::vector<std::pair<double, std::uint64_t>> steps;
  std::uint64_t below = 0;
  const auto step = [&](double value, std::uint64_t count) {
    if (count == 0)
      return;
    below += count;
    steps.emplace_back(value, below);
  };
  constexpr double infinity = std::numeric_limits<double>::infinity();
  step(-infinity, minus_infinity_);
  const auto magnitude = [](const Side& side, std::size_t at) {
    const double sole = side.sole(at);
    return std::isnan(sole) ? middle_of(side.index(at)) : sole;
  };
  for (std::size_t at = negative_.size(); at-- > 0;)
    step(-magnitude(negative_, at), negative_.count(at));
  step(0, zeros_);
  for (std::size_t at = 0; at < positive_.size(); ++at)
    step(magnitude(positive_, at), positive_.count(at));
  step(infinity, plus_infinity_);
  return steps;
}

FigureStream::FigureStream(Scale scale, std::size_t limit) : scale_(scale), limit_(limit) {}

void FigureStream::add(double value, DrillRef drill) {
  if (count_ == 0) {
    first_run_ = drill.run;
    min_ = max_ = value;
    lowest_ = highest_ = drill;
  } else {
    first_run_ = std::min(first_run_, drill.run);
    if (value < min_ || (value == min_ && drill.run < lowest_->run)) {
      min_ = value;
      lowest_ = drill;
    }
    if (value > max_ || (value == max_ && drill.run < highest_->run)) {
      max_ = value;
      highest_ = drill;
    }
  }
  ++count_;
  if (count_ <= limit_) {
    // Never more room than the limit: the store's memory is what the limit says.
    if (values_.size() == values_.capacity())
      values_.reserve(std::min(limit_, std::max<std::size_t>(16, 2 * values_.capacity())));
    values_.push_back(value);
  } else {
    if (!values_.empty())
      to_sketch();
    sketch(value);
  }
}

void FigureStream::sketch(double value) {
  // The sums too are of the complement for a share near 1: the squares of values all close to 1 would cancel
  // against the squared mean and lose the spread, which lives in the complement's digits.
  const double scaled = scale_ == Scale::Complement ? 1 - value : value;
  sketch_.add(scaled);
  sum_.add(scaled);
  squares_.add(scaled * scaled);
}

void FigureStream::to_sketch() {
  for (double value : values_)
    sketch(value);
  // Released, not only emptied (`values_ = {}` would assign an empty list and keep the capacity): every figure of
  // every strategy would otherwise hold its full exact store next to its sketch.
  values_ = std::vector<double>();
}

void FigureStream::merge(const FigureStream& other) {
  if (other.count_ == 0)
    return;
  if (count_ == 0) {
    const std::size_t limit = limit_;
    *this = other;
    limit_ = limit;
    if (!exact() && !values_.empty())
      to_sketch();
    return;
  }
  if (other.min_ < min_ || (other.min_ == min_ && other.lowest_->run < lowest_->run)) {
    min_ = other.min_;
    lowest_ = other.lowest_;
  }
  if (other.max_ > max_ || (other.max_ == max_ && other.highest_->run < highest_->run)) {
    max_ = other.max_;
    highest_ = other.highest_;
  }
  const bool was_exact = exact();
  count_ += other.count_;
  if (exact()) {
    // Both hold their values: the earlier runs first, as one stream of all the drills would have them.
    if (other.first_run_ < first_run_)
      values_.insert(values_.begin(), other.values_.begin(), other.values_.end());
    else
      values_.insert(values_.end(), other.values_.begin(), other.values_.end());
  } else {
    if (was_exact)
      to_sketch();
    if (other.exact()) {
      for (double value : other.values_)
        sketch(value);
    } else {
      sketch_.add(other.sketch_);
      sum_.add(other.sum_);
      squares_.add(other.squares_);
    }
  }
  first_run_ = std::min(first_run_, other.first_run_);
}

double FigureStream::mean() const {
  if (count_ == 0)
    return 0;
  if (exact())
    return std::accumulate(values_.begin(), values_.end(), 0.0) / static_cast<double>(count_);
  const double scaled_mean = sum_.value() / static_cast<double>(count_);
  return scale_ == Scale::Complement ? 1 - scaled_mean : scaled_mean;
}

std::optional<Interval> FigureStream::mean_interval() const {
  if (exact())
    return drsim::mean_interval(values_);
  const double n = static_cast<double>(count_);
  const double scaled_mean = sum_.value() / n;
  // The squared deviations from the mean, from the exact sums of the (scaled) values and their squares; a complement
  // deviates as much as its value.
  const double squares = std::max(0.0, squares_.value() - n * scaled_mean * scaled_mean);
  return drsim::mean_interval(count_, mean(), squares);
}

std::vector<std::pair<double, std::size_t>> FigureStream::cumulative() const {
  std::vector<std::pair<double, std::size_t>> steps;
  if (exact()) {
    auto sorted = values_;
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size(); ++i)
      if (i + 1 == sorted.size() || sorted[i + 1] != sorted[i])
        steps.emplace_back(sorted[i], i + 1);
    return steps;
  }
  const auto buckets = sketch_.cumulative();
  if (scale_ == Scale::Value) {
    for (const auto& [middle, below] : buckets)
      steps.emplace_back(middle, static_cast<std::size_t>(below));
  } else {
    // Ascending complements are descending values: bucket j holds the values ranked after the buckets above it.
    for (std::size_t j = buckets.size(); j-- > 0;)
      steps.emplace_back(1 - buckets[j].first, count_ - (j == 0 ? 0 : static_cast<std::size_t>(buckets[j - 1].second)));
  }
  // A middle never lies beyond the exact extremes. Replacing the end steps by them would not do: every rank in the
  // lowest or highest bucket would then report an extreme, up to a whole bucket's width from its own value.
  for (auto& step : steps)
    step.first = std::clamp(step.first, min_, max_);
  return steps;
}

std::size_t FigureStream::held_bytes() const { return values_.capacity() * sizeof(double) + sketch_.held_bytes(); }

double FigureStream::at_rank(const std::vector<std::pair<double, std::size_t>>& cumulative, std::size_t k) {
  const auto step =
      std::lower_bound(cumulative.begin(), cumulative.end(), k,
                       [](const std::pair<double, std::size_t>& s, std::size_t rank) { return s.second < rank; });
  return step->first;
}

Summary FigureStream::summary() const {
  if (exact())
    return summarize(values_);
  Summary s;
  s.count = count_;
  s.approximate = true;
  const auto steps = cumulative();
  const auto rank = [&](double p) { return at_rank(steps, nearest_rank(p, count_)); };
  const auto interval = [&](double q) {
    const auto ranks = quantile_ranks(count_, q);
    Interval bounds;
    if (ranks.low)
      bounds.low = at_rank(steps, *ranks.low);
    if (ranks.high)
      bounds.high = at_rank(steps, *ranks.high);
    return bounds;
  };
  s.mean = mean();
  s.p50 = rank(0.50);
  s.p95 = rank(0.95);
  s.p99 = rank(0.99);
  s.max = max_;
  s.mean_ci = within(mean_interval(), 0, std::numeric_limits<double>::infinity());
  s.p50_ci = interval(0.50);
  s.p95_ci = interval(0.95);
  s.p99_ci = interval(0.99);
  return s;
}

} // namespace drsim
