// The input fuzzer: any bytes through the JSON parser and the topology or scenario reader, the code that every
// file a user passes meets first. Built two ways: with libFuzzer (`DRSIM_FUZZ`, clang) to search for crashes,
// hangs and undefined behaviour from a seed corpus of the shipped files; and as `input_fuzz_replay`, a plain
// program the test suite runs over every input that ever crashed it (tests/fuzz/regressions) and the shipped files.
//
// A scenario names its topology by a path relative to itself: inputs are read as if they were files in scenarios/,
// so a mutated scenario still reaches the shipped topologies.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sim/input/json_parse.hpp"
#include "sim/input/scenario_reader.hpp"
#include "sim/input/topology_reader.hpp"

namespace {

const std::string input_name = DRSIM_SOURCE_DIR "/scenarios/fuzzed-input.json";

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<drsim::Diagnostic> problems;
  const auto document = drsim::parse_json_text(text, input_name, problems);
  if (!document)
    return 0;
  if (document->is_object() && document->contains("drsim_topology"))
    drsim::read_topology(*document, input_name, "", problems);
  else
    drsim::read_scenario(*document, input_name, problems);
  // Diagnostics must stay proportionate to the input: a few kilobytes of JSON must never produce megabytes of
  // messages (each message formatted, as `validate` prints it).
  std::size_t message_bytes = 0;
  for (const auto& problem : problems)
    message_bytes += problem.str().size();
  if (message_bytes > (std::size_t{1} << 20))
    std::abort();
  return 0;
}

#ifndef DRSIM_LIBFUZZER
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

// Replays files, or every file of the directories given, through the fuzz target; exits 1 on any exception
// escaping the readers (a crash ends the process by itself).
int main(int argc, char** argv) {
  std::vector<std::filesystem::path> inputs;
  for (int i = 1; i < argc; ++i) {
    if (std::filesystem::is_directory(argv[i])) {
      for (const auto& entry : std::filesystem::directory_iterator(argv[i]))
        if (entry.is_regular_file())
          inputs.push_back(entry.path());
    } else {
      inputs.emplace_back(argv[i]);
    }
  }
  std::sort(inputs.begin(), inputs.end());
  for (const auto& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), {}};
    try {
      LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    } catch (const std::exception& e) {
      std::cerr << input.string() << ": exception escaped the readers: " << e.what() << '\n';
      return 1;
    }
  }
  std::cout << inputs.size() << " inputs replayed\n";
  return inputs.empty() ? 1 : 0;
}
#endif
