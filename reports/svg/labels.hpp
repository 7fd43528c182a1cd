// Names written on a chart at a position (markers of a drill's events, points of a scatter): each gets the first
// row where it overlaps no other, and turns to the left of its position where it would pass the chart's right edge.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace drsim::svg {

struct Label {
  double x = 0;
  std::string text;
  std::string cls;
  std::size_t row = 0;
  bool leftward = false;
};

// Gives each label the first row where it overlaps no other, and returns the number of rows. Markers are drawn as
// vertical lines from their label's row towards the plot, across the rows in between; taking the labels from the
// right, a line always passes to the left of the names already placed there and never through them. Labels at
// the same position keep their order from the top down.
std::size_t place_labels(std::vector<Label>& labels, double right_edge);

// The label's <text> on baseline `y`.
std::string label_svg(const Label& label, double y);

// A name beside a point of a scatter at (x, y).
struct PointLabel {
  double x = 0;
  double y = 0;
  std::string text;
};
// The names' <text> elements, in order: each to the right of its point and above it, turned to the left before
// `right_edge`, no higher than `top`, and moved down a line while it would overlap a name already written.
std::string point_labels_svg(const std::vector<PointLabel>& labels, double right_edge, double top);

} // namespace drsim::svg
