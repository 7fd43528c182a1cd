// What a health checker believes about one target: it probes on a fixed schedule and flips its verdict only after
// `threshold` consecutive probes disagree with it (Route 53 endpoint checks, ALB target checks).
#pragma once

namespace drsim {

class ThresholdFlag {
public:
  ThresholdFlag(bool healthy, int unhealthy_threshold, int healthy_threshold)
      : healthy_(healthy), unhealthy_threshold_(unhealthy_threshold), healthy_threshold_(healthy_threshold) {}

  bool healthy() const { return healthy_; }
  // True when a probe with this outcome would change nothing, so the checker may sleep until the world changes.
  bool settled(bool probe_ok) const { return probe_ok == healthy_; }
  // Records one probe; returns true when the verdict flipped.
  bool observe(bool probe_ok);
  // Records a probe that agreed with the verdict.
  void agree() { streak_ = 0; }
  // Some probes since the last one that agreed contradicted the verdict.
  bool streaking() const { return streak_ > 0; }

private:
  bool healthy_;
  int unhealthy_threshold_;
  int healthy_threshold_;
  int streak_ = 0;
};

// The first probe instant of the schedule phase + k * interval that is at or after `not_before` and strictly
// after `last_probe`.
double next_probe_time(double phase, double interval, double not_before, double last_probe);

} // namespace drsim
