// Two summaries of the same figures are the same to the last bit: every statistic, interval and mark.
#pragma once

#include <catch2/catch.hpp>

#include "sim/measure/figure_stream.hpp"

namespace drsim::test {

inline void check_same_summary(const Summary& a, const Summary& b) {
  CHECK(a.count == b.count);
  CHECK(a.mean == b.mean);
  CHECK(a.p50 == b.p50);
  CHECK(a.p95 == b.p95);
  CHECK(a.p99 == b.p99);
  CHECK(a.max == b.max);
  CHECK(a.mean_ci == b.mean_ci);
  CHECK(a.p50_ci == b.p50_ci);
  CHECK(a.p95_ci == b.p95_ci);
  CHECK(a.p99_ci == b.p99_ci);
  CHECK(a.approximate == b.approximate);
}

} // namespace drsim::test
