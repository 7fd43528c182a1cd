#include "models/shared/write_log.hpp"

#include <algorithm>

namespace drsim {

WriteLog::WriteLog(double start_time, double start_seq, std::shared_ptr<const WriteLog> parent)
    : segments_{{start_time, start_seq, 0}}, parent_(std::move(parent)) {}

void WriteLog::set_rate(double time, double writes_per_s) {
  auto& last = segments_.back();
  if (last.rate == writes_per_s)
    return;
  if (time <= last.time) {
    last.rate = writes_per_s;
    return;
  }
  segments_.push_back({time, seq_at(time), writes_per_s});
}

double WriteLog::seq_at(double time) const {
  const auto after =
      std::upper_bound(segments_.begin(), segments_.end(), time, [](double t, const Segment& s) { return t < s.time; });
  if (after == segments_.begin())
    return segments_.front().seq;
  const auto& s = *std::prev(after);
  return s.seq + s.rate * (time - s.time);
}

double WriteLog::commit_time(double seq) const {
  if (seq <= segments_.front().seq)
    return parent_ ? parent_->commit_time(seq) : segments_.front().time;
  // The first segment that starts at or after `seq`: if it starts exactly there, the write closed the segment
  // before it (or opened a pause); otherwise the write fell inside the segment before.
  const auto at_or_after =
      std::lower_bound(segments_.begin(), segments_.end(), seq, [](const Segment& s, double q) { return s.seq < q; });
  if (at_or_after != segments_.end() && at_or_after->seq == seq)
    return at_or_after->time;
  const auto& s = *std::prev(at_or_after);
  if (s.rate <= 0)
    return s.time;
  return s.time + (seq - s.seq) / s.rate;
}

std::vector<std::pair<double, double>> WriteLog::commits(double from, double to) const {
  std::vector<std::pair<double, double>> points{{commit_time(from), 0}};
  // A segment that starts at write `from` itself still matters when it starts later: the writes paused until then.
  for (const auto& segment : segments_)
    if (segment.seq >= from && segment.seq < to && segment.time > points.back().first)
      points.emplace_back(segment.time, segment.seq - from);
  if (to > from)
    points.emplace_back(commit_time(to), to - from);
  return points;
}

bool continues(const WriteLog& later, const WriteLog& earlier, double seq) {
  for (const WriteLog* stream = &later; stream; stream = stream->parent().get()) {
    if (stream == &earlier)
      return true;
    if (stream->start_seq() < seq)
      return false;
  }
  return false;
}

} // namespace drsim
