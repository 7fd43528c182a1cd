// The recommendation of `drsim compare` (sim/measure/recommendation.hpp) in words, the same in every format:
// sentences that text wraps, Markdown and HTML set as paragraphs, and a table per strategy of what it costs and how
// its objectives stand.
#pragma once

#include <string>
#include <vector>

#include "sim/measure/recommendation.hpp"

namespace drsim {

struct RecommendationText {
  std::vector<std::string> sentences; //!< the answer, then its margin, then what the next cheaper one misses
  std::vector<std::string> misses;    //!< one line per objective the next cheaper strategy misses
  std::vector<std::string> header;    //!< of the table per strategy
  std::vector<std::vector<std::string>> rows;
};

RecommendationText recommendation_text(const Report& report, const Recommendation& recommendation);

// "17m 27s (39 %) to spare", "17m 00s (38 %) over", "exactly at the target", "beyond the horizon".
std::string distance_text(const ObjectiveDistance& distance);

} // namespace drsim
