// Where results go with --output: a file is replaced only once complete and never through a link or over a
// read-only file; devices, pipes and links are written in place; failures name the option and the file.

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include "sim/cli/output.hpp"
#include "sim/core/errors.hpp"

namespace fs = std::filesystem;

namespace {

class Scratch {
public:
  explicit Scratch(const std::string& test)
      : path_(fs::temp_directory_path() / ("drsim-output-" + std::to_string(::getpid()) + "-" + test)) {
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~Scratch() { fs::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  // Nothing but the named files: no temporary left behind.
  std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(path_), {})); }

private:
  fs::path path_;
};

std::string contents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

void write_file(const std::string& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string commit(const std::string& path, const std::string& text, const std::string& option = "--output") {
  std::ostringstream standard_output;
  drsim::ResultOutput output(standard_output, path, option);
  output.stream() << text;
  output.commit();
  return standard_output.str();
}

std::string failure_of(const std::string& path, const std::string& option = "--output") {
  try {
    commit(path, "results\n", option);
  } catch (const drsim::UsageError& e) {
    return e.what();
  }
  return "";
}

} // namespace

TEST_CASE("output: no path or '-' writes to standard output") {
  CHECK(commit("", "a\n") == "a\n");
  CHECK(commit("-", "b\n") == "b\n");
}

TEST_CASE("output: a new file gets the results, the umask's permissions and no temporary beside it") {
  Scratch scratch("new");
  const auto path = scratch / "report.json";
  CHECK(commit(path, "{}\n").empty());
  CHECK(contents(path) == "{}\n");
  CHECK(scratch.entries() == 1);
  const mode_t mask = ::umask(0);
  ::umask(mask);
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  CHECK((status.st_mode & 0777) == (0666 & ~mask));
}

TEST_CASE("output: an existing file is replaced whole and keeps its permissions") {
  Scratch scratch("existing");
  const auto path = scratch / "report.csv";
  write_file(path, "old contents, longer than the new ones\n");
  REQUIRE(::chmod(path.c_str(), 0640) == 0);
  commit(path, "new\n");
  CHECK(contents(path) == "new\n");
  struct stat status {};
  REQUIRE(::stat(path.c_str(), &status) == 0);
  CHECK((status.st_mode & 0777) == 0640);
  CHECK(scratch.entries() == 1);
}

TEST_CASE("output: a read-only file is refused and left as it was") {
  Scratch scratch("read-only");
  const auto path = scratch / "report.csv";
  write_file(path, "keep\n");
  REQUIRE(::chmod(path.c_str(), 0444) == 0);
  CHECK(failure_of(path) == "--output: cannot write '" + path +
                                "': it is read-only; drsim does not replace a file "
                                "it may not write");
  CHECK(contents(path) == "keep\n");
  CHECK(scratch.entries() == 1);
}

TEST_CASE("output: a symbolic link stays a link, and what it points to gets the results") {
  Scratch scratch("link");
  const auto target = scratch / "target.txt";
  const auto link = scratch / "link.txt";
  write_file(target, "old\n");
  fs::create_symlink(target, link);
  commit(link, "new\n");
  CHECK(fs::is_symlink(link));
  CHECK(contents(target) == "new\n");
  CHECK(scratch.entries() == 2);
}

TEST_CASE("output: a pipe is written in place, not replaced by a file") {
  Scratch scratch("fifo");
  const auto path = scratch / "pipe";
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  std::string received;
  std::thread reader([&] { received = contents(path); });
  commit(path, "through the pipe\n");
  reader.join();
  CHECK(received == "through the pipe\n");
  struct stat status {};
  REQUIRE(::lstat(path.c_str(), &status) == 0);
  CHECK(S_ISFIFO(status.st_mode));
}

TEST_CASE("output: a directory is refused with the option's name") {
  Scratch scratch("directory");
  const auto path = scratch / "sub";
  fs::create_directories(path);
  CHECK(failure_of(path, "--junit") == "--junit: cannot write '" + path + "': it is a directory");
}

TEST_CASE("output: a full device is an error naming the option, not success") {
  if (!fs::is_character_file("/dev/full")) {
    WARN("this system has no /dev/full: nothing to test");
    return;
  }
  CHECK(failure_of("/dev/full", "--junit") == "--junit: cannot write '/dev/full': No space left on device");
}

TEST_CASE("output: a missing directory is an error naming the file") {
  Scratch scratch("missing");
  const auto path = scratch / "no/such/dir/report.json";
  CHECK(failure_of(path) == "--output: cannot write '" + path + "': No such file or directory");
}

TEST_CASE("output: a long result spills as it is written, and the file appears whole only on commit") {
  Scratch scratch("spill");
  const auto path = scratch / "rows.csv";
  write_file(path, "old\n");
  const std::string row(1000, 'x');
  std::string expected;
  {
    std::ostringstream standard_output;
    drsim::ResultOutput output(standard_output, path);
    for (int i = 0; i < 200; ++i) {
      output.stream() << row << '\n';
      expected += row + '\n';
      output.spill();
    }
    // Spilled into a temporary beside the file: the file itself is still the old one.
    CHECK(scratch.entries() == 2);
    CHECK(contents(path) == "old\n");
    output.commit();
    CHECK(standard_output.str().empty());
  }
  CHECK(contents(path) == expected);
  CHECK(scratch.entries() == 1);

  // A result abandoned before its commit (an error, an interruption) leaves the old file and no temporary.
  {
    std::ostringstream standard_output;
    drsim::ResultOutput output(standard_output, path);
    output.stream() << std::string(100'000, 'y');
    output.spill();
  }
  CHECK(contents(path) == expected);
  CHECK(scratch.entries() == 1);

  // To stdout, what spills is passed on at once.
  std::ostringstream standard_output;
  drsim::ResultOutput output(standard_output, "");
  output.stream() << std::string(70'000, 'z');
  output.spill();
  CHECK(standard_output.str().size() == 70'000);
  output.stream() << "end\n";
  output.commit();
  CHECK(standard_output.str().size() == 70'004);
}
