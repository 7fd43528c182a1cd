// SIGINT and SIGTERM during a `drsim fis run`: recorded, never fatal, and counted, so that the run stops its
// experiments on the first and can say that a second one changed nothing (the stop is not skipped). The same idea
// as sim/runs' recorder, which this layer may not use, with a count.
#pragma once

namespace drsim::fis {

struct StopSignals {
  int count = 0; //!< SIGINT and SIGTERM received since catch_stop_signals()
  int last = 0;  //!< the last of them; 0: none
};

// From now on SIGINT and SIGTERM are counted instead of ending the process; idempotent.
void catch_stop_signals();
StopSignals stop_signals();

// A write past the file size limit (RLIMIT_FSIZE) fails with EFBIG instead of killing the process with SIGXFSZ: the
// journal's failure then stops the run's experiments (journal.hpp).
void fail_writes_past_the_file_size_limit();

} // namespace drsim::fis
