#include "reports/svg/labels.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "reports/svg/canvas.hpp"

namespace drsim::svg {
namespace {

// The room a label takes beside its position: the text, the gap from its marker and a margin.
double room(const Label& label) { return text_width(label.text) + 10; }

} // namespace

std::size_t place_labels(std::vector<Label>& labels, double right_edge) {
  std::vector<Label*> order;
  for (auto& label : labels)
    order.push_back(&label);
  std::stable_sort(order.begin(), order.end(), [](const Label* a, const Label* b) { return a->x > b->x; });
  std::vector<std::vector<std::pair<double, double>>> rows;
  for (auto* label : order) {
    const double width = room(*label);
    label->leftward = label->x + width > right_edge;
    const double start = label->leftward ? label->x - width : label->x - 4;
    const double end = label->leftward ? label->x + 4 : label->x + width;
    auto free = [&](const std::vector<std::pair<double, double>>& row) {
      return std::none_of(row.begin(), row.end(),
                          [&](const auto& used) { return start < used.second && used.first < end; });
    };
    label->row = 0;
    while (label->row < rows.size() && !free(rows[label->row]))
      ++label->row;
    if (label->row == rows.size())
      rows.emplace_back();
    rows[label->row].emplace_back(start, end);
  }
  return rows.size();
}

std::string label_svg(const Label& label, double y) {
  return text(label.x + (label.leftward ? -5 : 5), y, label.text,
              "class=\"" + label.cls + "\"" + (label.leftward ? " text-anchor=\"end\"" : ""));
}

std::string point_labels_svg(const std::vector<PointLabel>& labels, double right_edge, double top) {
  struct Written {
    double start, end, base;
  };
  std::vector<Written> written;
  std::string svg;
  for (const auto& label : labels) {
    const double width = text_width(label.text);
    const bool leftward = label.x + 10 + width > right_edge;
    const double start = leftward ? label.x - 10 - width : label.x + 10;
    double base = std::max(label.y - 8, top + 12);
    for (bool moved = true; moved;) {
      moved = false;
      for (const auto& w : written)
        if (start < w.end && w.start < start + width && std::fabs(base - w.base) < 15) {
          base = w.base + 15;
          moved = true;
        }
    }
    written.push_back({start, start + width, base});
    svg += text(leftward ? start + width : start, base, label.text, leftward ? "text-anchor=\"end\"" : "");
  }
  return svg;
}

} // namespace drsim::svg
