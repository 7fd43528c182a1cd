// The committed writes of one write stream (a database's writer lineage). Writes arrive as a flow whose rate
// changes only when the world changes, so the sequence number of the newest committed write is a piecewise-linear
// function of time: write number n was committed at an exact, recoverable time, and a cut at sequence number s
// loses exactly seq_at(t) - s acknowledged writes. A stream continues the numbering of the one it replaced.
#pragma once

#include <memory>
#include <utility>
#include <vector>

namespace drsim {

class WriteLog {
public:
  WriteLog(double start_time, double start_seq, std::shared_ptr<const WriteLog> parent = nullptr);

  void set_rate(double time, double writes_per_s);
  double seq_at(double time) const;
  // When write `seq` was committed; writes older than this stream come from the stream it continued.
  double commit_time(double seq) const;
  double start_seq() const { return segments_.front().seq; }
  double start_time() const { return segments_.front().time; }
  const std::shared_ptr<const WriteLog>& parent() const { return parent_; }
  double rate() const { return segments_.back().rate; }
  // This stream's writes numbered (from, to] by commit time: (t, how many of them were committed by t), at every
  // change of rate between the commit times of write `from` and write `to`; linear in between, flat where the
  // writes paused. `from` is at least the stream's first number.
  std::vector<std::pair<double, double>> commits(double from, double to) const;

private:
  struct Segment {
    double time;
    double seq;
    double rate;
  };
  std::vector<Segment> segments_;
  std::shared_ptr<const WriteLog> parent_;
};

// Whether stream `later` is `earlier`, or descends from it through cuts that each kept at least its write `seq`: a
// restore point of `earlier` at `seq` plus later writes of `later` is then one consistent history.
bool continues(const WriteLog& later, const WriteLog& earlier, double seq);

} // namespace drsim
