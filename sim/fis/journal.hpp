// The journal of a `drsim fis run`: one JSON object per line (JSONL), each written and flushed as it happens, so
// that what a run did survives a crash or a kill. Every record has "type" and "t", the seconds since the journal
// was opened on a steady clock, to the millisecond; the first record ("run") also says when that was by the wall
// clock. Nothing written carries a secret: requests are journaled without their headers, which hold the signature
// and the session token.
#pragma once

#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/fis/first_failure.hpp"

namespace drsim::fis {

class Journal {
public:
  // Creates the file; throws UsageError when it exists (a journal is the record of one run, never replaced) or
  // cannot be created.
  explicit Journal(std::string path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  const std::string& path() const { return path_; }
  // Seconds since the journal was opened (steady clock).
  double seconds() const;
  // The wall-clock time at which it was opened, in seconds since the Unix epoch.
  double opened_epoch_s() const { return opened_epoch_s_; }

  // Appends {"type": type, "t": seconds(), ...record} and flushes it; safe from several threads. A line that cannot
  // be written (a full disk) throws nothing: the first such failure is kept (failure()) and every later line is
  // dropped, so that whoever writes, a probe's thread or the stop of the experiments, goes on; the run looks at
  // failure() and stops.
  void write(const std::string& type, const nlohmann::json& record = nlohmann::json::object());
  // Why a line could not be written, the first time one could not; nullopt: every line was.
  std::optional<std::string> failure() const { return failure_.what(); }

private:
  std::string path_;
  std::FILE* file_ = nullptr;
  double opened_steady_s_ = 0;
  double opened_epoch_s_ = 0;
  std::mutex mutex_;
  FirstFailure failure_;
};

// Seconds to the millisecond, as the journal writes times.
double to_millisecond(double seconds);

// The records of a journal in order. Throws InputError naming the file and line of what is not a JSON object with
// a string "type" and a number "t"; a last line cut short (the run was killed while writing it) is skipped.
std::vector<nlohmann::json> read_journal(const std::string& path);

} // namespace drsim::fis
