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

// A cut in the data: writes acknowledged to clients that the serving database no longer holds.
struct DataLoss {
  double time = 0;              //!< when the cut happened (promotion, restore)
  std::string database;
  double lost_writes = 0;       //!< acknowledged writes not in the database that serves afterwards
  double newest_kept_commit = 0; //!< commit time of the newest write before which every write survives
};

struct Measurement {
  std::optional<double> first_failure;  //!< first moment after the fault with a success ratio below 1
  std::optional<double> first_success;  //!< first moment after that at which some population's ratio rose again
  std::optional<double> recovered_at;   //!< start of the first window in which every population stays above the threshold
  std::optional<double> rto_s;          //!< recovered_at - fault onset; absent: unrecovered within the horizon
  double rpo_s = 0;
  double lost_writes = 0;
  double availability = 1;
};

// RTO: from the fault's onset until every population again sees a success ratio at or above the threshold for a
// whole window (a population that never dropped below it does not delay recovery). Ratios are exact at every
// instant, so "over a window" is read as "at every instant of the window"; the window must end by the horizon,
// and a drill still below the threshold at the horizon is unrecovered. The outage starts at `fault_onset`.
// Availability: successful requests over all requests from 0 to `horizon`. The last recorded ratio holds until
// the horizon (a drill stops early only when nothing can change any more).
Measurement measure(const std::vector<OutcomeSeries>& outcomes, const std::vector<DataLoss>& losses,
                    double fault_onset, const RecoveryCriterion& criterion, double horizon);

} // namespace drsim
