#include "sim/measure/metrics.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <set>

#include "sim/measure/availability.hpp"

namespace drsim {

void OutcomeSeries::record(double time, double ratio) {
  if (!points.empty() && points.back().second == ratio)
    return;
  if (!points.empty() && points.back().first == time) {
    points.back().second = ratio;
    if (points.size() >= 2 && points[points.size() - 2].second == ratio)
      points.pop_back();
    return;
  }
  points.emplace_back(time, ratio);
}

double OutcomeSeries::ratio_at(double time) const {
  const auto after = std::upper_bound(points.begin(), points.end(), time,
                                      [](double t, const std::pair<double, double>& p) { return t < p.first; });
  return after == points.begin() ? 1.0 : std::prev(after)->second;
}

std::vector<std::pair<double, double>> worst_ratio(const std::vector<OutcomeSeries>& outcomes, double from) {
  std::set<double> times{from};
  for (const auto& series : outcomes)
    for (const auto& [t, ratio] : series.points)
      if (t > from)
        times.insert(t);
  std::vector<std::pair<double, double>> worst;
  for (double t : times) {
    double lowest = 1;
    for (const auto& series : outcomes)
      lowest = std::min(lowest, series.ratio_at(t));
    worst.emplace_back(t, lowest);
  }
  return worst;
}

double DataLoss::lost_after(double when) const {
  const auto after = std::upper_bound(committed.begin(), committed.end(), when,
                                      [](double t, const std::pair<double, double>& p) { return t < p.first; });
  if (after == committed.begin())
    return lost_writes();
  if (after == committed.end())
    return 0;
  const auto& [t0, n0] = *std::prev(after);
  const auto& [t1, n1] = *after;
  return lost_writes() - (n0 + (n1 - n0) * (when - t0) / (t1 - t0));
}

DataLossFigures data_loss(const std::vector<const DataLoss*>& cuts, double onset) {
  DataLossFigures figures;
  // The instants at which lost writes were being committed, over every cut: two cuts never lose the same write.
  std::vector<std::pair<double, double>> writing;
  for (const auto* cut : cuts) {
    const double seen_from = std::min(onset, cut->time);
    figures.lost_writes += cut->lost_writes();
    figures.discarded_writes += cut->lost_after(seen_from);
    if (cut->lost_writes() > 0)
      figures.rpo_s = std::max(figures.rpo_s, seen_from - cut->newest_kept_commit());
    for (std::size_t i = 1; i < cut->committed.size(); ++i)
      if (cut->committed[i].second > cut->committed[i - 1].second)
        writing.emplace_back(cut->committed[i - 1].first, cut->committed[i].first);
  }
  std::sort(writing.begin(), writing.end());
  double covered_to = -std::numeric_limits<double>::infinity();
  for (const auto& [from, to] : writing) {
    figures.data_loss_s += std::max(0.0, to - std::max(from, covered_to));
    covered_to = std::max(covered_to, to);
  }
  return figures;
}

namespace {

// The keys' shares of the writes, k^-skew / sum_j j^-skew, largest first. Every partition of every drill of a
// database asks for the same key space: computed once, for the last one asked.
const std::vector<double>& key_shares(int keys, double skew) {
  static int cached_keys = 0;
  static double cached_skew = 0;
  static std::vector<double> shares;
  if (keys != cached_keys || skew != cached_skew) {
    shares.resize(static_cast<std::size_t>(keys));
    double total = 0;
    for (int k = 1; k <= keys; ++k)
      total += shares[static_cast<std::size_t>(k - 1)] = std::pow(static_cast<double>(k), -skew);
    for (auto& share : shares)
      share /= total;
    cached_keys = keys;
    cached_skew = skew;
  }
  return shares;
}

// A key whose sides together write it less than this often on average contributes the power series of its loss,
// sum over m >= 2 of (-1)^m c_m p^m / m!, from m = 2 to last_term: the first term left out is below 1e-12 of the
// sum, and the keys of a large key space cost a few multiplications each instead of an exponential per side.
constexpr double series_below = 1e-2;
constexpr int last_term = 6;

} // namespace

double expected_conflict_losses(const std::vector<double>& writes, int keys, double skew) {
  // c_m = (sum_g n_g)^m - sum_g n_g^m, built a side at a time with no cancellation: a side of n writes added to
  // sides that wrote s adds sum over 0 < j < m of C(m, j) s^j n^(m - j).
  std::array<double, last_term + 1> c{};
  double all = 0;
  for (const double n : writes) {
    for (int m = 2; m <= last_term; ++m) {
      double binomial = 1;
      for (int j = 1; j < m; ++j) {
        binomial = binomial * (m - j + 1) / j;
        c[static_cast<std::size_t>(m)] += binomial * std::pow(all, j) * std::pow(n, m - j);
      }
    }
    all += n;
  }
  std::array<double, last_term + 1> power_sums{};
  double lost = 0;
  for (const double p : key_shares(keys, skew)) {
    if (all * p < series_below) {
      double power = p;
      for (int m = 2; m <= last_term; ++m)
        power_sums[static_cast<std::size_t>(m)] += power *= p;
      continue;
    }
    double sides = 0;
    for (const double n : writes)
      // expm1 keeps the precision of 1 - e^-x where a side writes the key rarely.
      sides -= std::expm1(-n * p);
    lost += sides + std::expm1(-all * p);
  }
  double factorial = 1;
  for (int m = 2; m <= last_term; ++m) {
    factorial *= m;
    const auto at = static_cast<std::size_t>(m);
    lost += (m % 2 == 0 ? 1 : -1) * c[at] * power_sums[at] / factorial;
  }
  return lost;
}

void mark_failback_outages(std::vector<Outage>& outages, double start, std::optional<double> end) {
  // An outage a fault of its own caused (an instance failing months later, say) is that fault's, whenever it began.
  for (auto& outage : outages)
    outage.failback = outage.start >= start && (!end || outage.start <= *end) && outage.causes.empty();
}

FailbackFigures failback_figures(const std::vector<Outage>& outages, const std::vector<DataLoss>& cuts, double start,
                                 std::optional<double> end, double horizon) {
  FailbackFigures figures;
  figures.start = start;
  figures.end = end;
  if (end)
    figures.duration_s = *end - start;
  for (const auto& outage : outages)
    if (outage.failback)
      figures.downtime_s += outage.end.value_or(horizon) - outage.start;
  for (const auto& cut : cuts)
    if (cut.time >= start && cut.time <= end.value_or(horizon))
      figures.lost_writes += cut.lost_writes();
  return figures;
}

Measurement measure(const std::vector<OutcomeSeries>& outcomes, const std::vector<Outage>& outages,
                    const std::vector<DataLoss>& cuts, double fault_onset, const RecoveryCriterion& criterion,
                    double horizon, const std::optional<FailbackWindow>& failback) {
  Measurement m;
  const auto worst = worst_ratio(outcomes, fault_onset);
  for (const auto& [t, ratio] : worst)
    if (ratio < 1) {
      m.first_failure = t;
      break;
    }
  if (m.first_failure)
    for (const auto& series : outcomes)
      for (std::size_t i = 1; i < series.points.size(); ++i)
        if (series.points[i].first > *m.first_failure && series.points[i].second > series.points[i - 1].second &&
            (!m.first_success || series.points[i].first < *m.first_success))
          m.first_success = series.points[i].first;

  if (outages.empty()) {
    if (fault_onset + criterion.window_s <= horizon) {
      m.recovered_at = fault_onset;
      m.rto_s = 0;
    }
    std::vector<const DataLoss*> all;
    for (const auto& cut : cuts)
      all.push_back(&cut);
    const auto data = data_loss(all, fault_onset);
    m.lost_writes = data.lost_writes;
    m.rpo_s = data.rpo_s;
    m.data_loss_s = data.data_loss_s;
    m.discarded_writes = data.discarded_writes;
  } else {
    const Outage* longest = nullptr;
    bool under_way = false;
    for (const auto& outage : outages) {
      // A failback still under way at the horizon leaves the failover recovered: its outage is its own figure.
      under_way = under_way || (!outage.end && !outage.failback);
      if (outage.end && !outage.failback && (!longest || *outage.end - outage.onset > *longest->end - longest->onset))
        longest = &outage;
      m.rpo_s = std::max(m.rpo_s, outage.rpo_s);
      m.lost_writes += outage.lost_writes;
      m.data_loss_s += outage.data_loss_s;
      m.discarded_writes += outage.discarded_writes;
    }
    if (failback && std::none_of(outages.begin(), outages.end(), [](const Outage& o) { return o.failback; })) {
      std::vector<const DataLoss*> unowned;
      for (const auto& cut : cuts)
        if (failback->holds(cut.time, horizon))
          unowned.push_back(&cut);
      const auto data = data_loss(unowned, failback->start);
      m.rpo_s = std::max(m.rpo_s, data.rpo_s);
      m.lost_writes += data.lost_writes;
      m.data_loss_s += data.data_loss_s;
      m.discarded_writes += data.discarded_writes;
    }
    if (!under_way && longest) {
      m.recovered_at = longest->end;
      m.rto_s = *longest->end - longest->onset;
    } else if (!under_way && fault_onset + criterion.window_s <= horizon) {
      // Only the failback's outages: the failover itself never took the clients below the threshold.
      m.recovered_at = fault_onset;
      m.rto_s = 0;
    }
  }

  double requested = 0;
  double served = 0;
  for (const auto& series : outcomes) {
    requested += series.rate_rps * horizon;
    for (std::size_t i = 0; i < series.points.size(); ++i) {
      const double from = std::max(0.0, series.points[i].first);
      const double to = i + 1 < series.points.size() ? std::min(series.points[i + 1].first, horizon) : horizon;
      if (to > from)
        served += series.rate_rps * series.points[i].second * (to - from);
    }
    if (series.points.empty())
      served += series.rate_rps * horizon;
    else if (series.points.front().first > 0)
      served += series.rate_rps * std::min(series.points.front().first, horizon);
  }
  m.availability = requested > 0 ? served / requested : 1;
  return m;
}

} // namespace drsim
