#include "reports/svg/labels.hpp"

#include <algorithm>
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

} // namespace drsim::svg
