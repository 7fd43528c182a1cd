// From text and files to JSON: every malformed input is a diagnostic on the whole document with its line and column,
// and a duplicate key one at its JSON Pointer.

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include "sim/input/json_parse.hpp"

using drsim::Diagnostic;
using Lines = std::vector<std::string>;

namespace {

const std::string data_dir = DRSIM_SOURCE_DIR "/tests/data/reader/";

Lines printed(const std::vector<Diagnostic>& problems) {
  Lines lines;
  for (const auto& problem : problems)
    lines.push_back(problem.str());
  return lines;
}

Lines parsed(std::string_view text) {
  std::vector<Diagnostic> problems;
  drsim::parse_json_text(text, "t.json", problems);
  return printed(problems);
}

} // namespace

TEST_CASE("raw text: every malformed input is a diagnostic with its line and column") {
  CHECK(parsed("") == Lines{"t.json: (document): the file is empty; expected a JSON object"});
  CHECK(parsed(" \n\t") == Lines{"t.json: (document): the file is empty; expected a JSON object"});
  CHECK(parsed("{\"a\": [1, 2") ==
        Lines{"t.json: (document): invalid JSON at line 1, column 12: syntax error while parsing array - unexpected "
              "end of input; expected ']'"});
  CHECK(parsed("{\"a\": 1e400}") ==
        Lines{"t.json: (document): invalid JSON at line 1, column 11: number overflow parsing '1e400'"});
  CHECK(parsed("{\"a\": \"\xff\"}") ==
        Lines{"t.json: (document): invalid UTF-8 byte 0xFF at line 1, column 8; the file must be UTF-8 text"});
  CHECK(parsed("{\"a\": \"\xc0\xaf\"}") ==
        Lines{"t.json: (document): invalid UTF-8 byte 0xC0 at line 1, column 8; the file must be UTF-8 text"});
  CHECK(parsed("{\"a\": 1, \"a\": 2}") ==
        Lines{"t.json: /a: duplicate key; each key may appear only once in an object"});
}

TEST_CASE("raw text: comments and trailing commas, habits of other formats, are named at the comment or comma") {
  CHECK(parsed("{\"a\": 1} // note") ==
        Lines{"t.json: (document): JSON allows no comments: remove the comment at line 1, column 10"});
  CHECK(parsed("{\n  /* the shop */\n  \"a\": 1\n}") ==
        Lines{"t.json: (document): JSON allows no comments: remove the comment at line 2, column 3"});
  CHECK(parsed("{\n  \"a\": 1,\n}") ==
        Lines{"t.json: (document): JSON allows no trailing commas: remove the comma at line 2, column 9 before the "
              "closing '}'"});
  CHECK(parsed("{\"a\": [1, 2 ,\t\r\n ]}") ==
        Lines{"t.json: (document): JSON allows no trailing commas: remove the comma at line 1, column 13 before "
              "the closing ']'"});
  // A comma or slashes inside strings are text, not the habits above.
  CHECK(parsed("{\"a\": \"x,\", }") ==
        Lines{"t.json: (document): JSON allows no trailing commas: remove the comma at line 1, column 11 before "
              "the closing '}'"});
  CHECK(parsed("{\"a\": \"http://x\"}").empty());
  CHECK(parsed("{\"a\": ,}") == Lines{"t.json: (document): invalid JSON at line 1, column 7: syntax error while "
                                      "parsing value - unexpected ','; expected '[', '{', or a literal"});
}

TEST_CASE("raw text: nesting is limited before parsing, and brackets inside strings do not count") {
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  CHECK(parsed(deep) == Lines{"t.json: (document): arrays and objects nested deeper than 64 levels at line 1, "
                              "column 65; expected at most 64"});
  const std::string at_limit = std::string(64, '[') + std::string(64, ']');
  CHECK(parsed(at_limit).empty());
  CHECK(parsed("{\"a\": \"" + std::string(100, '[') + "\\\"\"}").empty());
}

TEST_CASE("raw text: a UTF-8 byte order mark and escaped keys are fine") {
  CHECK(parsed("\xEF\xBB\xBF{\"a\": 1}").empty());
  std::vector<Diagnostic> problems;
  const auto document = drsim::parse_json_text(R"({"a/b": {"c~d": 1, "c~d": 2}})", "t.json", problems);
  REQUIRE(document);
  CHECK(printed(problems) == Lines{"t.json: /a~1b/c~0d: duplicate key; each key may appear only once in an object"});
}

namespace {

// A named pipe of the test's own, neither a regular file nor a directory wherever the tests run: /dev/null is a
// regular file in some containers.
class Fifo {
public:
  Fifo() : path_(std::filesystem::temp_directory_path() / ("drsim-test-fifo-" + std::to_string(::getpid()))) {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
    if (::mkfifo(path_.c_str(), 0600) != 0)
      FAIL("cannot create the named pipe " << path_);
  }
  ~Fifo() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
  }
  Fifo(const Fifo&) = delete;
  Fifo& operator=(const Fifo&) = delete;
  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

} // namespace

TEST_CASE("files: missing, directories and non-regular files are diagnostics, not crashes") {
  const Fifo fifo;
  std::vector<Diagnostic> problems;
  CHECK_FALSE(drsim::read_json_file(data_dir + "no-such-file.json", problems));
  CHECK_FALSE(drsim::read_json_file(data_dir, problems));
  CHECK_FALSE(drsim::read_json_file(fifo.path().string(), problems));
  CHECK(printed(problems) ==
        Lines{data_dir + "no-such-file.json: (document): does not exist; expected the path of a JSON file",
              data_dir + ": (document): is a directory; expected a JSON file",
              fifo.path().string() + ": (document): is not a regular file; expected a JSON file"});
}

TEST_CASE("files: a readable file is parsed, and its text can be had alone") {
  std::vector<Diagnostic> problems;
  const auto document = drsim::read_json_file(data_dir + "topology.json", problems);
  REQUIRE(document);
  CHECK(document->at("name") == "shop");
  const auto text = drsim::read_text_file(data_dir + "topology.json", problems);
  REQUIRE(text);
  CHECK(text->starts_with("{"));
  CHECK(problems.empty());
}
