#include "sim/core/distribution.hpp"

#include <algorithm>
#include <cmath>

#include <boost/random/exponential_distribution.hpp>
#include <boost/random/lognormal_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_01.hpp>
#include <boost/random/uniform_real_distribution.hpp>
#include <boost/random/weibull_distribution.hpp>

namespace drsim {
namespace {

// z of the standard normal's 95th percentile.
constexpr double z95 = 1.6448536269514722;

} // namespace

Distribution Distribution::fixed(double value) {
  Distribution d;
  d.kind_ = Kind::Fixed;
  d.a_ = value;
  return d;
}

Distribution Distribution::uniform(double low, double high) {
  Distribution d;
  d.kind_ = Kind::Uniform;
  d.a_ = low;
  d.b_ = high;
  return d;
}

Distribution Distribution::normal(double mean, double stddev) {
  Distribution d;
  d.kind_ = Kind::Normal;
  d.a_ = mean;
  d.b_ = stddev;
  return d;
}

Distribution Distribution::lognormal(double median, double p95) {
  Distribution d;
  d.kind_ = Kind::Lognormal;
  d.a_ = median;
  d.b_ = p95;
  return d;
}

Distribution Distribution::exponential(double mean) {
  Distribution d;
  d.kind_ = Kind::Exponential;
  d.a_ = mean;
  return d;
}

Distribution Distribution::weibull(double shape, double scale) {
  Distribution d;
  d.kind_ = Kind::Weibull;
  d.a_ = shape;
  d.b_ = scale;
  return d;
}

Distribution Distribution::empirical(std::vector<std::pair<double, double>> percentile_points) {
  Distribution d;
  d.kind_ = Kind::Empirical;
  d.points_ = std::move(percentile_points);
  return d;
}

double Distribution::sample(Rng& rng) const {
  switch (kind_) {
  case Kind::Fixed:
    return a_;
  case Kind::Uniform:
    // Boost's uniform_real_distribution never returns when low == high (it rejects every draw equal to high). The
    // draw is still taken, so that later draws of the stream do not depend on whether the bounds are equal.
    if (!(a_ < b_)) {
      rng();
      return a_;
    }
    return boost::random::uniform_real_distribution<double>(a_, b_)(rng);
  case Kind::Normal:
    return std::max(0.0, boost::random::normal_distribution<double>(a_, b_)(rng));
  case Kind::Lognormal: {
    const double mu = std::log(a_);
    const double sigma = (std::log(b_) - mu) / z95;
    return std::exp(mu + sigma * boost::random::normal_distribution<double>(0, 1)(rng));
  }
  case Kind::Exponential:
    return boost::random::exponential_distribution<double>(1.0 / a_)(rng);
  case Kind::Weibull:
    return boost::random::weibull_distribution<double>(a_, b_)(rng);
  case Kind::Empirical: {
    const double u = boost::random::uniform_01<double>()(rng);
    const auto upper =
        std::upper_bound(points_.begin(), points_.end(), u,
                         [](double p, const std::pair<double, double>& point) { return p < point.first; });
    if (upper == points_.begin())
      return points_.front().second;
    if (upper == points_.end())
      return points_.back().second;
    const auto lower = upper - 1;
    const double share = (u - lower->first) / (upper->first - lower->first);
    return lower->second + share * (upper->second - lower->second);
  }
  }
  return a_;
}

double Distribution::mean() const {
  switch (kind_) {
  case Kind::Fixed:
    return a_;
  case Kind::Uniform:
    return (a_ + b_) / 2;
  case Kind::Normal:
    return a_;
  case Kind::Lognormal: {
    const double sigma = (std::log(b_) - std::log(a_)) / z95;
    return a_ * std::exp(sigma * sigma / 2);
  }
  case Kind::Exponential:
    return a_;
  case Kind::Weibull:
    return b_ * std::tgamma(1 + 1 / a_);
  case Kind::Empirical: {
    double sum = 0;
    for (std::size_t i = 1; i < points_.size(); ++i)
      sum += (points_[i].first - points_[i - 1].first) * (points_[i].second + points_[i - 1].second) / 2;
    return sum;
  }
  }
  return a_;
}

std::uint64_t derive_seed(std::uint64_t base, std::uint64_t stream, std::uint64_t index) {
  auto mix = [](std::uint64_t z) {
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  };
  return mix(mix(mix(base) ^ stream) ^ index);
}

} // namespace drsim
