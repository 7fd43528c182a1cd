// What happened in a drill, in order: the events that reports show on the drill's timeline.
#pragma once

#include <span>
#include <string>

#include "sim/core/names.hpp"

namespace drsim {

enum class EventKind {
  Fault, //!< a fault begins; detail: its kind
  FaultEnded,
  NoOutage,
  StepStarted, //!< a runbook step; component: the step's id
  Alarm,
  StepDone,
  StepUnreachable,   //!< a step's action cannot reach its endpoint (a step-unreachable fault); component: the step's id
  HealthCheckPassed, //!< a Route 53 check; component: the load balancer it checks
  HealthCheckFailed,
  DnsSwitched,
  DnsCacheRefreshed,
  TargetsChanged,
  Scale,
  ScaleFailed,
  Launch,
  InstancesBooted,
  PromotionStarted,
  PromotionFailed,
  PromotionDone,
  FailoverStarted,
  FailoverDone,
  StandbyRebuilt,
  RestoreStarted,
  RestoreFailed,
  RestoreDone,
  Snapshot,
  SnapshotFailed,
  SnapshotCopied,
  BackupCopyFailed,
  BackupsDeleted,
  CorruptionDetected, //!< a silent corruption is found; component: the database
  WritesConflicted,   //!< a multi-writer database's writers met again after a partition; component: the database
  ResyncStarted,      //!< failback: a node of the original region replicates from the writer; component: the database
  ResyncDone,
  ResyncFailed,     //!< the node cannot be resynchronised or stopped replicating before it caught up
  WritesFrozen,     //!< a planned switch-over holds the writes until the node failed back to holds every one
  SwitchedOver,     //!< a switch-over's node is the writer again
  SwitchOverFailed, //!< the writer stays: the node is not a live replica, or the final sync or promotion failed
  FailbackStarted,  //!< the failback steps begin: the original region's health signal passed; component: "runbook"
  FailbackDone,
  FirstFailedRequest, //!< this and the two below: found in the clients' outcomes after the drill
  FirstSuccess,
  Recovered,
};

inline constexpr EnumName<EventKind> event_kind_names[]{
    {EventKind::Fault, "fault"},
    {EventKind::FaultEnded, "fault-ended"},
    {EventKind::NoOutage, "no-outage"},
    {EventKind::StepStarted, "step-started"},
    {EventKind::Alarm, "alarm"},
    {EventKind::StepDone, "step-done"},
    {EventKind::StepUnreachable, "step-unreachable"},
    {EventKind::HealthCheckPassed, "health-check-passed"},
    {EventKind::HealthCheckFailed, "health-check-failed"},
    {EventKind::DnsSwitched, "dns-switched"},
    {EventKind::DnsCacheRefreshed, "dns-cache-refreshed"},
    {EventKind::TargetsChanged, "targets-changed"},
    {EventKind::Scale, "scale"},
    {EventKind::ScaleFailed, "scale-failed"},
    {EventKind::Launch, "launch"},
    {EventKind::InstancesBooted, "instances-booted"},
    {EventKind::PromotionStarted, "promotion-started"},
    {EventKind::PromotionFailed, "promotion-failed"},
    {EventKind::PromotionDone, "promotion-done"},
    {EventKind::FailoverStarted, "failover-started"},
    {EventKind::FailoverDone, "failover-done"},
    {EventKind::StandbyRebuilt, "standby-rebuilt"},
    {EventKind::RestoreStarted, "restore-started"},
    {EventKind::RestoreFailed, "restore-failed"},
    {EventKind::RestoreDone, "restore-done"},
    {EventKind::Snapshot, "snapshot"},
    {EventKind::SnapshotFailed, "snapshot-failed"},
    {EventKind::SnapshotCopied, "snapshot-copied"},
    {EventKind::BackupCopyFailed, "backup-copy-failed"},
    {EventKind::BackupsDeleted, "backups-deleted"},
    {EventKind::CorruptionDetected, "corruption-detected"},
    {EventKind::WritesConflicted, "writes-conflicted"},
    {EventKind::ResyncStarted, "resync-started"},
    {EventKind::ResyncDone, "resync-done"},
    {EventKind::ResyncFailed, "resync-failed"},
    {EventKind::WritesFrozen, "writes-frozen"},
    {EventKind::SwitchedOver, "switched-over"},
    {EventKind::SwitchOverFailed, "switch-over-failed"},
    {EventKind::FailbackStarted, "failback-started"},
    {EventKind::FailbackDone, "failback-done"},
    {EventKind::FirstFailedRequest, "first-failed-request"},
    {EventKind::FirstSuccess, "first-success"},
    {EventKind::Recovered, "recovered"},
};
constexpr std::span<const EnumName<EventKind>> name_table(EventKind) { return event_kind_names; }

struct TimelineEvent {
  double time = 0;
  EventKind kind = EventKind::Fault;
  std::string component;
  std::string detail;
};

} // namespace drsim
