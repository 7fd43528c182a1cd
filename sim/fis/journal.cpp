#include "sim/fis/journal.hpp"

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstring>
#include <fstream>

#include "sim/core/errors.hpp"

namespace drsim::fis {
namespace {

double steady_now_s() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

double to_millisecond(double seconds) { return std::round(seconds * 1000) / 1000; }

Journal::Journal(std::string path) : path_(std::move(path)) {
  // "x": created exclusively, so that no earlier journal is ever overwritten.
  file_ = std::fopen(path_.c_str(), "wx");
  if (file_ == nullptr)
    throw UsageError("--journal: cannot create '" + path_ + "': " +
                     (errno == EEXIST ? std::string("it exists; a journal is never replaced") : std::strerror(errno)));
  opened_steady_s_ = steady_now_s();
  opened_epoch_s_ = std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Journal::~Journal() { std::fclose(file_); }

double Journal::seconds() const { return steady_now_s() - opened_steady_s_; }

void Journal::write(const std::string& type, const nlohmann::json& record) {
  nlohmann::json line{{"type", type}, {"t", to_millisecond(seconds())}};
  for (const auto& [key, value] : record.items())
    line[key] = value;
  // Invalid UTF-8 from an answer is replaced rather than refused: the journal must not lose the record.
  const std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  const std::lock_guard lock(mutex_);
  if (failure_.what())
    return;
  if (std::fputs(text.c_str(), file_) == EOF || std::fflush(file_) != 0)
    failure_.record("cannot write the journal " + path_ + ": " + std::strerror(errno));
}

std::vector<nlohmann::json> read_journal(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError({{path, "", "cannot read the journal: " + std::string(std::strerror(errno))}});
  std::vector<nlohmann::json> records;
  std::vector<Diagnostic> problems;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty())
      continue;
    auto record = nlohmann::json::parse(line, nullptr, false);
    if (record.is_discarded() && in.eof())
      break;
    if (!record.is_object() || !record.contains("type") || !record["type"].is_string() || !record.contains("t") ||
        !record["t"].is_number())
      problems.push_back({path + ":" + std::to_string(number), "",
                          "not a journal record: expected a JSON object with a string \"type\" and a number \"t\""});
    else
      records.push_back(std::move(record));
  }
  if (!problems.empty())
    throw InputError(std::move(problems));
  return records;
}

} // namespace drsim::fis
