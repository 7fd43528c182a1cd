// WriteLog: the numbering of committed writes as a piecewise-linear function of time. Lost writes and RPO are
// computed from seq_at and commit_time, so they must be exact inverses, across rate changes, pauses and the
// streams a failover or a restore starts.

#include <catch2/catch.hpp>

#include <memory>
#include <utility>
#include <vector>

#include "models/shared/write_log.hpp"

using drsim::WriteLog;

TEST_CASE("a write stream counts writes at its rate from its start", "[write-log]") {
  WriteLog log(-100, 0);
  CHECK(log.rate() == 0);
  CHECK(log.seq_at(-200) == 0); // before the stream: its starting number
  log.set_rate(-100, 10);       // at its start time: the first segment's rate
  CHECK(log.rate() == 10);
  CHECK(log.seq_at(-100) == 0);
  CHECK(log.seq_at(0) == 1000);
  CHECK(log.seq_at(0.5) == 1005);
}

TEST_CASE("a rate change starts a new segment continuing the count", "[write-log]") {
  WriteLog log(0, 0);
  log.set_rate(0, 10);
  log.set_rate(10, 20);
  log.set_rate(10, 20); // the same rate again: nothing changes
  log.set_rate(20, 0);  // a pause
  log.set_rate(30, 5);
  CHECK(log.seq_at(10) == 100);
  CHECK(log.seq_at(15) == 200);
  CHECK(log.seq_at(20) == 300);
  CHECK(log.seq_at(25) == 300);
  CHECK(log.seq_at(30) == 300);
  CHECK(log.seq_at(40) == 350);
}

TEST_CASE("commit_time is the inverse of seq_at", "[write-log]") {
  WriteLog log(0, 0);
  log.set_rate(0, 10);
  log.set_rate(10, 20);
  log.set_rate(20, 0);
  log.set_rate(30, 5);
  for (double t : {0.0, 2.5, 9.999, 10.0, 12.5, 19.0, 31.0, 40.0})
    CHECK(log.commit_time(log.seq_at(t)) == Approx(t).margin(1e-12));
  // Write 300 closed the busy segment: it was committed when the pause began, not when the pause ended.
  CHECK(log.commit_time(300) == 20);
  CHECK(log.commit_time(300.5) == Approx(30.1));
  // Write 100 sits exactly where the rate changed.
  CHECK(log.commit_time(100) == 10);
}

TEST_CASE("a stream that continues another looks older writes up in it", "[write-log]") {
  // The primary wrote 10 writes/s from 0; a replica that held writes up to number 250 (committed at 25 s) was
  // promoted at 60 s and continues the numbering at 5 writes/s.
  auto primary = std::make_shared<WriteLog>(0, 0);
  primary->set_rate(0, 10);
  primary->set_rate(60, 0);
  WriteLog promoted(60, 250, primary);
  promoted.set_rate(60, 5);
  CHECK(promoted.start_seq() == 250);
  CHECK(promoted.parent() == primary);
  CHECK(promoted.seq_at(70) == 300);
  // The writes it starts from were committed on the primary.
  CHECK(promoted.commit_time(250) == Approx(25));
  CHECK(promoted.commit_time(100) == Approx(10));
  // Its own writes.
  CHECK(promoted.commit_time(275) == Approx(65));
  // Two generations back: a restore that continues the promoted stream from its write 260.
  WriteLog restored(100, 260, std::make_shared<WriteLog>(promoted));
  CHECK(restored.commit_time(260) == Approx(62));
  CHECK(restored.commit_time(200) == Approx(20));
}

TEST_CASE("a stream without a parent dates every older write to its start", "[write-log]") {
  WriteLog log(50, 1000);
  log.set_rate(50, 1);
  CHECK(log.commit_time(1000) == 50);
  CHECK(log.commit_time(10) == 50);
  CHECK(log.commit_time(1010) == Approx(60));
}

TEST_CASE("a stream continues its ancestors only through cuts that kept the point") {
  // s0 runs to write 100; a failover keeps all of it (s1 starts at 100); a promotion of a lagging replica then keeps
  // only up to 150 of s1's 200 (s2 starts at 150).
  auto s0 = std::make_shared<drsim::WriteLog>(0, 0);
  s0->set_rate(0, 1);
  auto s1 = std::make_shared<drsim::WriteLog>(100, 100, s0);
  s1->set_rate(100, 1);
  auto s2 = std::make_shared<drsim::WriteLog>(200, 150, s1);
  CHECK(drsim::continues(*s1, *s0, 80)); // a snapshot of s0 at write 80: s1 holds it whole
  CHECK(drsim::continues(*s2, *s0, 80)); // and so does s2, which kept s1 up to 150
  CHECK(drsim::continues(*s2, *s1, 150));
  CHECK_FALSE(drsim::continues(*s2, *s1, 170)); // a snapshot of s1 at 170 holds writes s2 lost
  CHECK_FALSE(drsim::continues(*s0, *s1, 0));   // never backwards
  CHECK(drsim::continues(*s1, *s1, 1000));
}

TEST_CASE("commits lists lost writes by commit time, pauses included", "[write-log]") {
  // 10 writes/s from 0, 20 from 10, a pause from 20 to 30, then 5 a second: writes 100 to 350 by 40 s.
  WriteLog log(0, 0);
  log.set_rate(0, 10);
  log.set_rate(10, 20);
  log.set_rate(20, 0);
  log.set_rate(30, 5);
  using Points = std::vector<std::pair<double, double>>;
  // Writes (50, 325]: from 5 s at 10 a second, 20 a second from 10 s, none from 20 s to 30 s, then 5 a second.
  CHECK(log.commits(50, 325) == Points{{5, 0}, {10, 50}, {20, 250}, {30, 250}, {35, 275}});
  // A range that starts where the writes paused keeps the pause: no write of it was committed before 30 s.
  CHECK(log.commits(300, 325) == Points{{20, 0}, {30, 0}, {35, 25}});
  // A range inside one segment.
  CHECK(log.commits(120, 140) == Points{{11, 0}, {12, 20}});
}
