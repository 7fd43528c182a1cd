// The processes an MPI launcher (mpirun, Slurm's srun) started for one command, its ranks. Every rank runs the same
// command on the same inputs; the drills of a Monte Carlo run are shared among them, and every rank receives every
// rank's drills, so every rank builds the same report and takes the same decisions from it (a precision target, a
// sweep's next points). Rank 0 alone writes results. Built without MPI (DRSIM_MPI off), or started without a
// launcher, a process is the one rank of its own.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace drsim {

// main(): joins the launcher's ranks when a launcher started this process, and only then, so that drsim started
// alone never pays for MPI.
void join_ranks(int& argc, char**& argv);
// main(), last: `code` is this rank's exit code, `unsaid` what it would have written on stderr (a rank but the first
// writes nothing). The ranks compare their codes and leave together, each with its own code; a rank but the first
// says why it stopped when rank 0 stopped otherwise. When the ranks shared their drills and one does not come to
// compare (it waits for a rank that stopped alone), MPI_Abort ends them all rather than leave them waiting. Returns
// the code to exit with.
int leave_ranks(int code, const std::string& unsaid);

int rank_count();
int this_rank();
// The rank that writes results: rank 0, or the process alone.
inline bool leads() { return this_rank() == 0; }
// A command that does not share its drills runs on rank 0 alone (sim/cli): every rank drills alone from then on,
// and the others wait for rank 0 however long it takes.
void drill_alone();

// Blocks of bytes gathered from every rank to every rank, block after block, in the same order on every rank.
// Gathering does not block: start() hands over this rank's part of the next block, and done() says whether the
// oldest block started has arrived from every rank, so that a caller keeps serving its workers and Ctrl-C meanwhile.
class BlockGather {
public:
  BlockGather();
  ~BlockGather();
  BlockGather(const BlockGather&) = delete;
  BlockGather& operator=(const BlockGather&) = delete;

  void start(std::string part);
  // Blocks started and not yet taken.
  std::size_t pending() const;
  // Whether the oldest pending block has arrived from every rank; advances the transfers.
  bool done();
  // The oldest block, one part per rank in rank order; only once done().
  std::vector<std::string> take();

private:
  struct Transfers;
  std::unique_ptr<Transfers> transfers_;
};

} // namespace drsim
