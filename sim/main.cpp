#include <iostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "sim/cli/cli.hpp"
#include "sim/runs/ranks.hpp"

namespace {

// What a rank but the first would print: every rank computes the same results, and rank 0 prints them.
class Discard : public std::streambuf {
protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char* /*text*/, std::streamsize size) override { return size; }
};

} // namespace

int main(int argc, char** argv) {
  drsim::join_ranks(argc, argv);
  Discard discard;
  std::ostream discarded(&discard);
  std::ostringstream unsaid;
  const bool leads = drsim::leads();
  int code = drsim::run_cli(std::vector<std::string>(argv + 1, argv + argc), leads ? std::cout : discarded,
                            leads ? std::cerr : unsaid);
  // Results that never reached stdout (a full disk, a closed pipe) must not look like success.
  if (!std::cout.flush()) {
    std::cerr << "drsim: cannot write the results to standard output\n";
    code = code == 0 ? 2 : code;
  }
  return drsim::leave_ranks(code, unsaid.str());
}
