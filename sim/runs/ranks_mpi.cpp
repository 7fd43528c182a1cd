// Ranks over MPI (DRSIM_MPI on). MPI is initialised only in a process that an MPI launcher started: a drsim run alone
// starts as fast as one built without MPI, and is the one rank of its own.
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
int ranks = 1;
MPI_Comm drills_comm = MPI_COMM_NULL; //!< the ranks' own communicator, apart from any library's traffic

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
}

int leave_ranks(int code, const std::string& unsaid) {
  if (!joined)
    return code;
  if (code == 0) {
    MPI_Comm_free(&drills_comm);
    MPI_Finalize();
    return 0;
  }
  if (rank != 0) {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    std::cerr << unsaid;
  }
  std::cerr.flush();
  MPI_Abort(MPI_COMM_WORLD, code);
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
        check(MPI_Iallgather(&block.part_size, 1, MPI_INT, block.sizes.data(), 1, MPI_INT, drills_comm,
                             &block.request),
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
BlockGather::~BlockGather() = default;

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
    parts.push_back(block.parts.substr(static_cast<std::size_t>(block.offsets[r]), static_cast<std::size_t>(block.sizes[r])));
  transfers_->blocks.pop_front();
  return parts;
}

} // namespace drsim
