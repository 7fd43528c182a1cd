// Ranks over MPI (DRSIM_MPI on). MPI is initialised only in a process that an MPI launcher started: a drsim run alone
// starts as fast as one built without MPI, and is the one rank of its own.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <deque>
#include <iostream>
#include <stdexcept>
#include <thread>

#include <mpi.h>

#include "sim/runs/ranks.hpp"

namespace drsim {
namespace {

bool joined = false;
int rank = 0;
int ranks = 1;                        //!< the ranks sharing the drills: 1 once a command drills alone
int ranks_at_start = 1;               //!< the ranks the launcher started
MPI_Comm drills_comm = MPI_COMM_NULL; //!< the ranks' own communicator, apart from any library's traffic
// A gather of drills was still under way when its BlockGather ended (a failed drill, an interruption): MPI may
// still write into its buffers, which are kept, and forbids MPI_Finalize while it is pending.
bool transfers_in_flight = false;

// mpirun sets OMPI_COMM_WORLD_SIZE, srun PMI_SIZE (PMI-2) or PMIX_RANK (PMIx). SLURM_PROCID alone is not enough:
// Slurm sets it in a batch script's own shell too, where no launcher started drsim.
bool started_by_a_launcher() {
  return std::getenv("OMPI_COMM_WORLD_SIZE") != nullptr || std::getenv("PMI_SIZE") != nullptr ||
         std::getenv("PMIX_RANK") != nullptr;
}

void check(int status, const char* what) {
  if (status != MPI_SUCCESS)
    throw std::runtime_error(std::string("MPI: ") + what + " failed (error " + std::to_string(status) + ")");
}

} // namespace

void join_ranks(int& argc, char**& argv) {
  if (!started_by_a_launcher())
    return;
  MPI_Init(&argc, &argv);
  joined = true;
  MPI_Comm_dup(MPI_COMM_WORLD, &drills_comm);
  MPI_Comm_rank(drills_comm, &rank);
  MPI_Comm_size(drills_comm, &ranks);
  ranks_at_start = ranks;
}

int leave_ranks(int code, const std::string& unsaid) {
  if (!joined)
    return code;
  // The ranks compare their exit codes, on a communicator of their own apart from the drills' blocks, which a rank
  // that stopped alone would have left half gathered. A rank that ends well, with every block delivered, waits for
  // the others as long as they take (rank 0 may still be writing its report). A rank that stopped otherwise may be
  // the only one to have stopped, while the others wait for a block that will never come: after a while, only
  // MPI_Abort frees them.
  const bool may_be_alone = code != 0 || transfers_in_flight;
  std::vector<int> codes(static_cast<std::size_t>(ranks_at_start), 0);
  MPI_Request request = MPI_REQUEST_NULL;
  MPI_Iallgather(&code, 1, MPI_INT, codes.data(), 1, MPI_INT, MPI_COMM_WORLD, &request);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  int arrived = 0;
  while (MPI_Test(&request, &arrived, MPI_STATUS_IGNORE) == MPI_SUCCESS && !arrived &&
         (ranks == 1 || !may_be_alone || std::chrono::steady_clock::now() < deadline))
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  // Rank 0 said why it stopped; another rank says so when it stopped otherwise.
  if (rank != 0 && code != 0 && (!arrived || codes.front() != code))
    std::cerr << unsaid << std::flush;
  if (!arrived || transfers_in_flight) {
    std::cerr.flush();
    MPI_Abort(MPI_COMM_WORLD, code != 0 ? code : 1);
  }
  MPI_Comm_free(&drills_comm);
  MPI_Finalize();
  return code;
}

int rank_count() { return ranks; }
int this_rank() { return rank; }
void drill_alone() { ranks = 1; }

// Each block is gathered in two steps, its parts' sizes then the parts, and only once the block before it has
// arrived: MPI requires every rank to start its collective operations in the same order.
struct BlockGather::Transfers {
  enum class Stage { waiting, sizing, gathering, arrived };
  struct Block {
    std::string part;
    Stage stage = Stage::waiting;
    int part_size = 0;
    std::vector<int> sizes;
    std::vector<int> offsets;
    std::string parts;
    MPI_Request request = MPI_REQUEST_NULL;
  };
  std::deque<Block> blocks;

  void advance() {
    for (auto& block : blocks) {
      if (block.stage == Stage::waiting) {
        block.part_size = static_cast<int>(block.part.size());
        block.sizes.assign(static_cast<std::size_t>(ranks), 0);
        check(MPI_Iallgather(&block.part_size, 1, MPI_INT, block.sizes.data(), 1, MPI_INT, drills_comm, &block.request),
              "gathering the sizes of the drills' records");
        block.stage = Stage::sizing;
      }
      int finished = 0;
      if (block.stage == Stage::sizing) {
        check(MPI_Test(&block.request, &finished, MPI_STATUS_IGNORE), "waiting for the sizes of the records");
        if (!finished)
          return;
        std::size_t total = 0;
        for (const int size : block.sizes) {
          block.offsets.push_back(static_cast<int>(total));
          total += static_cast<std::size_t>(size);
        }
        block.parts.resize(total);
        check(MPI_Iallgatherv(block.part.data(), block.part_size, MPI_BYTE, block.parts.data(), block.sizes.data(),
                              block.offsets.data(), MPI_BYTE, drills_comm, &block.request),
              "gathering the drills' records");
        block.stage = Stage::gathering;
      }
      if (block.stage == Stage::gathering) {
        check(MPI_Test(&block.request, &finished, MPI_STATUS_IGNORE), "waiting for the drills' records");
        if (!finished)
          return;
        block.stage = Stage::arrived;
      }
    }
  }
};

BlockGather::BlockGather() : transfers_(std::make_unique<Transfers>()) {}
BlockGather::~BlockGather() {
  const bool pending = std::any_of(transfers_->blocks.begin(), transfers_->blocks.end(), [](const auto& block) {
    return block.stage == Transfers::Stage::sizing || block.stage == Transfers::Stage::gathering;
  });
  if (!pending)
    return;
  // MPI writes into a pending transfer's buffers whenever it progresses, as it does while the ranks leave.
  static std::vector<std::unique_ptr<Transfers>> kept_to_the_end;
  kept_to_the_end.push_back(std::move(transfers_));
  transfers_in_flight = true;
}

void BlockGather::start(std::string part) {
  transfers_->blocks.push_back({});
  transfers_->blocks.back().part = std::move(part);
  transfers_->advance();
}

std::size_t BlockGather::pending() const { return transfers_->blocks.size(); }

bool BlockGather::done() {
  transfers_->advance();
  return !transfers_->blocks.empty() && transfers_->blocks.front().stage == Transfers::Stage::arrived;
}

std::vector<std::string> BlockGather::take() {
  auto& block = transfers_->blocks.front();
  std::vector<std::string> parts;
  for (std::size_t r = 0; r < block.sizes.size(); ++r)
    parts.push_back(
        block.parts.substr(static_cast<std::size_t>(block.offsets[r]), static_cast<std::size_t>(block.sizes[r])));
  transfers_->blocks.pop_front();
  return parts;
}

} // namespace drsim
