#include "sim/measure/availability.hpp"

#include <algorithm>
#include <limits>

#include "sim/core/time.hpp"

namespace drsim {
namespace {

// The onset of an outage (Outage::onset); `after`: when the previous outage ended.
double onset_of(const Outage& outage, double after, const std::vector<FaultWindow>& faults) {
  std::optional<double> struck_before;
  std::optional<double> struck_during;
  const double start = outage.start + time_tolerance_s;
  for (const auto& fault : faults) {
    if (!fault.starts_outages || fault.onset < after - time_tolerance_s)
      continue;
    if (fault.onset <= start && (!fault.end || *fault.end > outage.start - time_tolerance_s))
      struck_before = std::max(struck_before.value_or(fault.onset), fault.onset);
    else if (fault.onset > start && (!outage.end || fault.onset < *outage.end))
      struck_during = std::min(struck_during.value_or(fault.onset), fault.onset);
  }
  return struck_before.value_or(struck_during.value_or(outage.start));
}

} // namespace

std::vector<Outage> find_outages(const std::vector<OutcomeSeries>& outcomes, const std::vector<DataLoss>& cuts,
                                 const std::vector<FaultWindow>& faults, const RecoveryCriterion& criterion,
                                 double horizon, const std::optional<FailbackWindow>& failback) {
  const auto worst = worst_ratio(outcomes, 0);
  const double threshold = criterion.success_threshold;
  std::vector<Outage> outages;
  std::size_t i = 0;
  while (i < worst.size()) {
    if (worst[i].first >= horizon)
      break;
    if (worst[i].second >= threshold) {
      ++i;
      continue;
    }
    Outage outage;
    outage.start = worst[i].first;
    // The outage ends at the first instant from which the ratio stays at or above the threshold for a whole
    // window that ends by the horizon; the scan goes on after that window, where the next outage can begin.
    std::size_t j = i + 1;
    while (j < worst.size()) {
      if (worst[j].second < threshold) {
        ++j;
        continue;
      }
      const double candidate = worst[j].first;
      if (candidate + criterion.window_s > horizon)
        break;
      std::size_t k = j + 1;
      while (k < worst.size() && worst[k].first < candidate + criterion.window_s && worst[k].second >= threshold)
        ++k;
      if (k < worst.size() && worst[k].first < candidate + criterion.window_s) {
        j = k;
        continue;
      }
      outage.end = candidate;
      break;
    }
    outages.push_back(outage);
    if (!outage.end)
      break;
    i = j + 1;
  }
  for (std::size_t i = 0; i < outages.size(); ++i) {
    auto& outage = outages[i];
    outage.onset = onset_of(outage, i == 0 ? -std::numeric_limits<double>::infinity() : *outages[i - 1].end, faults);
    const double began = std::min(outage.onset, outage.start);
    for (const auto& fault : faults)
      if (fault.onset < outage.end.value_or(horizon) && fault.end.value_or(horizon) > began)
        outage.causes.push_back(fault.name);
  }
  if (failback)
    mark_failback_outages(outages, failback->start, failback->end);
  std::vector<std::vector<const DataLoss*>> owned(outages.size());
  for (const auto& cut : cuts) {
    // The outages that may take the cut: the failback's for a cut the failback made, the others for any other.
    const bool failback_cut = failback && failback->holds(cut.time, horizon);
    std::optional<std::size_t> first, owner;
    for (std::size_t i = 0; i < outages.size(); ++i) {
      if (outages[i].failback != failback_cut)
        continue;
      if (!first)
        first = i;
      // The outage the cut happened in, or the last one before it: a cut always follows the failure that forced it.
      if (std::min(outages[i].onset, outages[i].start) <= cut.time)
        owner = i;
    }
    if (owner || first)
      owned[owner.value_or(*first)].push_back(&cut);
  }
  for (std::size_t i = 0; i < outages.size(); ++i) {
    const auto data = data_loss(owned[i], outages[i].onset);
    outages[i].lost_writes = data.lost_writes;
    outages[i].rpo_s = data.rpo_s;
    outages[i].data_loss_s = data.data_loss_s;
    outages[i].discarded_writes = data.discarded_writes;
  }
  return outages;
}

double downtime_s(const std::vector<Outage>& outages, double horizon) {
  double total = 0;
  for (const auto& outage : outages)
    total += outage.end.value_or(horizon) - outage.start;
  return total;
}

} // namespace drsim
