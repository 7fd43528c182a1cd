// The detectors a deployment has in AWS, watched while a `drsim fis run` goes on: the CloudWatch alarms of the
// stop conditions (DescribeAlarms in each alarm's region) and the Route 53 health checks the bindings name
// (GetHealthCheckStatus). Each is looked at every interval from a thread of its own, and each change of its state
// is journaled ("alarm", "health_check"), the first look included: so that `fis compare` can tell when the
// deployment's own monitoring saw the fault. A look that fails is journaled and the watch goes on; it never stops
// the run (the stop conditions are FIS's to act on).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/fis/aws_client.hpp"
#include "sim/fis/journal.hpp"
#include "sim/fis/periodic_look.hpp"

namespace drsim::fis {

struct AlarmState {
  std::string name;
  std::string state;                     //!< OK, ALARM, INSUFFICIENT_DATA
  std::string reason;                    //!< CloudWatch's StateReason
  std::optional<double> updated_epoch_s; //!< CloudWatch's StateUpdatedTimestamp
};

struct HealthCheckState {
  int checkers = 0;         //!< the Route 53 checkers that reported
  int healthy_checkers = 0; //!< those whose last status was a success
  bool healthy() const;     //!< as Route 53 decides: more than 18 % of the checkers report it healthy
};

// The alarms of a DescribeAlarms answer, in its XML or its JSON form.
std::vector<AlarmState> alarm_states(const std::string& answer);
// A GetHealthCheckStatus answer (XML): what its checkers last observed.
HealthCheckState health_check_state(const std::string& answer);

// The region and name of a CloudWatch alarm ARN (arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:NAME); nullopt for
// anything else.
std::optional<std::pair<std::string, std::string>> alarm_of_arn(const std::string& arn);

class DetectorWatch {
public:
  DetectorWatch(AwsClient& client, Journal& journal, const std::vector<std::string>& alarm_arns,
                std::vector<std::string> health_checks, double interval_s);
  // Starts the thread; nothing to watch: no thread.
  void start();
  // Ends the thread after the request under way (with its retries); idempotent.
  void stop() { periodic_.stop(); }
  // What the thread ended on, an exception other than an AWS error (which is journaled and looked past); nullopt:
  // none.
  std::optional<std::string> failure() const { return periodic_.failure(); }

private:
  void look();

  AwsClient& client_;
  Journal& journal_;
  std::map<std::string, std::vector<std::string>> alarms_; //!< region -> alarm names
  std::vector<std::string> health_checks_;
  std::map<std::string, std::string> seen_; //!< detector -> the last state journaled
  PeriodicLook periodic_;                   //!< last: its thread, which reads the above, ends first
};

} // namespace drsim::fis
