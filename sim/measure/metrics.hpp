// Measurement of a drill from what the simulated clients and data experienced. Pure functions over recorded
// outcomes: no SimGrid here, so the definitions are unit-tested on hand-made records.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/scenario.hpp"

namespace drsim {

// The success ratio a client population experienced, as a step function: each point holds from its time until
// the next point. A client population is a request stream (rate x time requests); between two changes of the
// world every request of a resolver group has the same outcome, so a step function records every request exactly.
struct OutcomeSeries {
  std::string population;
  double rate_rps = 0;
  std::vector<std::pair<double, double>> points; //!< (time, success ratio), times strictly increasing

  void record(double time, double ratio);
  double ratio_at(double time) const;
};

// The worst population's ratio as a step function from `from` on.
std::vector<std::pair<double, double>> worst_ratio(const std::vector<OutcomeSeries>& outcomes, double from);

// A cut in the data: acknowledged writes that the serving database no longer holds. A promotion or a restore records
// its cut when it happens; what is still lost when the drill ends (data still corrupt, a multi-writer's writer gone
// for good) is a cut at the end.
struct DataLoss {
  double time = 0; //!< when the cut happened
  std::string database;
  // The lost writes by commit time: (t, how many of them were committed by t), linear between two points and flat
  // where the writes paused; from (the commit time of the newest write before which every write survived, 0) to
  // (the commit time of the newest lost write, all of them).
  std::vector<std::pair<double, double>> committed;

  double lost_writes() const { return committed.empty() ? 0 : committed.back().second; }
  double newest_kept_commit() const { return committed.empty() ? time : committed.front().first; }
  // How many of the lost writes were committed after `when`.
  double lost_after(double when) const;
};

// What cuts lost, seen from the onset of the outage they belong to. One rule for all: the lost writes are every
// acknowledged write the serving data does not hold; the data loss is the time over which they were committed, so
// that with a constant write rate lost writes = rate x data loss; the RPO is the part of it before the onset (from
// the onset back to the newest write before which every write survived), and the discarded writes are the lost
// writes committed after the onset (the corrupt writes a restore threw away, the writes a promotion cut off).
struct DataLossFigures {
  double lost_writes = 0;
  double rpo_s = 0;
  double data_loss_s = 0;
  double discarded_writes = 0;
};

// A cut that came before the onset is seen from the cut itself: it cannot have lost what was written after it.
DataLossFigures data_loss(const std::vector<const DataLoss*>& cuts, double onset);

// The updates last-writer-wins drops when writers that could not reach each other meet again: `writes[g]` is what
// side g of the partition wrote while it lasted, each write to key k (from 1 to `keys`) with probability
// k^-skew / sum_j j^-skew. A key that m >= 1 sides wrote keeps the newest write and loses the newest write of each of
// the m - 1 others (their older writes their own newest overwrote anyway). Side g's writes to key k are Poisson with
// mean x = writes[g] p_k (a Poisson write stream; a fixed count's binomial differs by O(p_k)), so the expected loss
// is exact: sum over k of sum_g (1 - e^-x_g) - (1 - prod_g e^-x_g), for two sides (1 - e^-x_a)(1 - e^-x_b).
double expected_conflict_losses(const std::vector<double>& writes, int keys, double skew);

struct Outage; // sim/measure/availability.hpp

struct Measurement {
  std::optional<double> first_failure; //!< first moment after the fault with a success ratio below 1
  std::optional<double> first_success; //!< first moment after that at which some population's ratio rose again
  std::optional<double> recovered_at;  //!< the end of the outage that set the RTO
  std::optional<double> rto_s;         //!< the longest outage's RTO; absent: unrecovered within the horizon
  double rpo_s = 0;                    //!< the largest of the outages' RPOs
  double lost_writes = 0;              //!< this and the two below: the sums over the outages
  double availability = 1;
  double data_loss_s = 0;
  double discarded_writes = 0;
  // Updates last-writer-wins dropped when the writers of a multi-writer database met again after a partition: not
  // part of lost_writes, whose writes span the data loss, since these are scattered over the partition.
  double conflict_lost_writes = 0;
};

// The return to the original region after a failover (runbook steps `wait-healthy` and those after it), from its
// start (the original region's health signal passed) to its end (its last step done).
struct FailbackFigures {
  double start = 0;
  std::optional<double> end;          //!< absent: still under way at the drill's end
  std::optional<double> duration_s;   //!< end - start
  double downtime_s = 0;              //!< the lengths of the outages that began from `start` on, as clients saw them
  double lost_writes = 0;             //!< what the cuts between `start` and `end` lost (a switch-over's)
  double both_regions_instance_s = 0; //!< instance-seconds beyond the steady capacity from the fault to `end`
};

// When a drill's failback ran: from its start to its end (absent: under way at the horizon).
struct FailbackWindow {
  double start = 0;
  std::optional<double> end;
  bool holds(double time, double horizon) const { return time >= start && time <= end.value_or(horizon); }
};

// Marks the outages that began from the failback's start to its end (`end` absent: under way at the horizon) and
// have no fault among their causes, so that the failover's RTO and recovery leave them out.
void mark_failback_outages(std::vector<Outage>& outages, double start, std::optional<double> end);
// The failback's figures from the drill's outages (marked) and cuts; `end` absent: under way at `horizon`.
FailbackFigures failback_figures(const std::vector<Outage>& outages, const std::vector<DataLoss>& cuts, double start,
                                 std::optional<double> end, double horizon);

// A drill's headline from its outages (find_outages): its RTO is its worst outage's but the failback's (each outage's
// RTO runs from its onset until every population again sees a success ratio at or above the threshold for a whole
// window), and it is unrecovered when an outage but the failback's is still under way at the horizon; its RPO the
// largest of theirs; its lost writes, data loss and discarded writes their sums. A drill without an outage recovered at
// `fault_onset` itself, if a whole window fits before the horizon, and its cuts (if any) are seen from there.
// `first_failure` and `first_success` look from `fault_onset` on. Availability: successful requests over all requests
// from 0 to `horizon`. The last recorded ratio holds until the horizon (a drill stops early only when nothing can
// change any more).
// With a `failback`, the cuts it made that no failback outage took (a switch-over without the freeze that the clients
// did not notice) count in the drill's figures too, seen from the failback's start.
Measurement measure(const std::vector<OutcomeSeries>& outcomes, const std::vector<Outage>& outages,
                    const std::vector<DataLoss>& cuts, double fault_onset, const RecoveryCriterion& criterion,
                    double horizon, const std::optional<FailbackWindow>& failback = std::nullopt);

} // namespace drsim
