// Built without MPI: every process is the one rank of its own.
#include <deque>

#include "sim/runs/ranks.hpp"

namespace drsim {

void join_ranks(int& /*argc*/, char**& /*argv*/) {}
int leave_ranks(int code, const std::string& /*unsaid*/) { return code; }
int rank_count() { return 1; }
int this_rank() { return 0; }
void drill_alone() {}

struct BlockGather::Transfers {
  std::deque<std::string> parts;
};

BlockGather::BlockGather() : transfers_(std::make_unique<Transfers>()) {}
BlockGather::~BlockGather() = default;
void BlockGather::start(std::string part) { transfers_->parts.push_back(std::move(part)); }
std::size_t BlockGather::pending() const { return transfers_->parts.size(); }
bool BlockGather::done() { return !transfers_->parts.empty(); }
std::vector<std::string> BlockGather::take() {
  std::vector<std::string> block{std::move(transfers_->parts.front())};
  transfers_->parts.pop_front();
  return block;
}

} // namespace drsim
