// A sweep's figures (sim/measure/sweep_result.hpp) in every format `drsim sweep` writes: text and Markdown tables
// (each point, each strategy's headline figures with their 95 % intervals), CSV (a row per point and strategy),
// JSON (deterministic bytes: the same sweep, the same bytes whatever the jobs) and an HTML page with a chart per
// varied parameter and, for two, a heat map per strategy.
#pragma once

#include <iosfwd>
#include <string>

#include "sim/measure/sweep_result.hpp"

namespace drsim {

// A point's value of a setting as written: "30s", "0.5".
std::string setting_value_text(const Setting& setting);

void write_sweep_text(std::ostream& out, const SweepResult& sweep);
void write_sweep_markdown(std::ostream& out, const SweepResult& sweep);
void write_sweep_json(std::ostream& out, const SweepResult& sweep);
void write_sweep_html(std::ostream& out, const SweepResult& sweep);

// The CSV, a row per strategy of each point as the points are drilled: the header when made (a column per varied
// path, then the strategy and its figures with their interval bounds), then row() for each point.
class SweepCsv {
public:
  SweepCsv(std::ostream& out, const SweepResult& sweep);
  void row(const SweepPoint& point);

private:
  std::ostream& out_;
  std::string scenario_; //!< as a field
  int points_ = 0;       //!< rows written so far, counted by point
};
void write_sweep_csv(std::ostream& out, const SweepResult& sweep);

} // namespace drsim
