#include "sim/input/json_parse.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>
#include <set>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include "sim/input/messages.hpp"

namespace drsim {
namespace {

using nlohmann::json;

struct TextPosition {
  std::size_t line;
  std::size_t column;
};

// 1-based line and byte column of `offset`, as nlohmann counts them.
TextPosition position_of(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::size_t newlines = static_cast<std::size_t>(std::count(text.begin(), text.begin() + offset, '\n'));
  const std::size_t line_start = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
  const std::size_t column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
  return {newlines + 1, column};
}

std::string at_position(std::string_view text, std::size_t offset) {
  const auto [line, column] = position_of(text, offset);
  return "at line " + std::to_string(line) + ", column " + std::to_string(column);
}

// The offset of the bracket that opens level max_json_depth + 1, or npos. Strings are skipped, so brackets inside
// them do not count; malformed text is left for the parser to report.
std::size_t too_deep_offset(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"')
      in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_json_depth)
        return i;
    } else if ((c == ']' || c == '}') && depth > 0)
      --depth;
  }
  return std::string_view::npos;
}

// Builds the document like nlohmann's own DOM parser, and also reports keys that appear twice in one object,
// which nlohmann would silently resolve by keeping the last.
class StrictBuilder : public nlohmann::json_sax<json> {
public:
  StrictBuilder(std::string_view text, const std::string& file, std::vector<Diagnostic>& problems)
      : text_(text), file_(file), problems_(problems) {}

  json& document() { return root_; }
  bool failed() const { return failed_; }

  bool null() override { return add(nullptr); }
  bool boolean(bool value) override { return add(value); }
  bool number_integer(number_integer_t value) override { return add(value); }
  bool number_unsigned(number_unsigned_t value) override { return add(value); }
  bool number_float(number_float_t value, const string_t&) override { return add(value); }
  bool string(string_t& value) override { return add(std::move(value)); }
  bool binary(binary_t& value) override { return add(json::binary(std::move(value))); }

  bool start_object(std::size_t) override { return open(json::object()); }
  bool key(string_t& key) override {
    if (!frames_.back().keys.insert(key).second)
      problems_.push_back({file_, frames_.back().pointer + "/" + escape_pointer_token(key),
                           "duplicate key; each key may appear only once in an object"});
    key_ = key;
    return true;
  }
  bool end_object() override { return close(); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_array() override { return close(); }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& error) override {
    // nlohmann's text is "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error ...";
    // the position is given in our own words, so only the reason is kept.
    std::string reason = error.what();
    if (const auto end = reason.find("] "); end != std::string::npos)
      reason.erase(0, end + 2);
    if (reason.starts_with("parse error"))
      if (const auto colon = reason.find(": "); colon != std::string::npos)
        reason.erase(0, colon + 2);
    constexpr std::size_t longest = 200; // the last token can be a whole unterminated string
    if (reason.size() > longest)
      reason = reason.substr(0, longest) + "...";
    const std::size_t failed_at = position == 0 ? 0 : std::min(position - 1, text_.size());
    if (const auto habit = habit_from_other_formats(failed_at))
      problems_.push_back({file_, "", *habit});
    else
      problems_.push_back({file_, "", "invalid JSON " + at_position(text_, failed_at) + ": " + reason});
    failed_ = true;
    return false;
  }

private:
  // Comments and trailing commas, which JSON5, JSONC and most programming languages allow, are the usual reasons a
  // hand-edited file fails: they are named as such, at the comment or the comma.
  std::optional<std::string> habit_from_other_formats(std::size_t failed_at) const {
    if (failed_at >= text_.size())
      return std::nullopt;
    if (text_.substr(failed_at, 2) == "//" || text_.substr(failed_at, 2) == "/*")
      return "JSON allows no comments: remove the comment " + at_position(text_, failed_at);
    if (text_[failed_at] != '}' && text_[failed_at] != ']')
      return std::nullopt;
    const auto before = text_.substr(0, failed_at).find_last_not_of(" \t\r\n");
    if (before == std::string_view::npos || text_[before] != ',')
      return std::nullopt;
    return "JSON allows no trailing commas: remove the comma " + at_position(text_, before) + " before the closing '" +
           text_[failed_at] + "'";
  }

  struct Frame {
    json* container;
    std::string pointer;
    std::set<std::string> keys;
  };

  // Places a value in the current container and returns where it now lives.
  json* place(json&& value) {
    if (frames_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *frames_.back().container;
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }
  std::string child_pointer() const {
    if (frames_.empty())
      return "";
    const json& parent = *frames_.back().container;
    return frames_.back().pointer + "/" +
           (parent.is_array() ? std::to_string(parent.size() - 1) : escape_pointer_token(key_));
  }
  bool add(json&& value) {
    place(std::move(value));
    return true;
  }
  bool open(json&& container) {
    json* placed = place(std::move(container));
    frames_.push_back({placed, child_pointer(), {}});
    return true;
  }
  bool close() {
    frames_.pop_back();
    return true;
  }

  std::string_view text_;
  const std::string& file_;
  std::vector<Diagnostic>& problems_;
  json root_;
  std::vector<Frame> frames_;
  std::string key_;
  bool failed_ = false;
};

} // namespace

std::size_t invalid_utf8_offset(std::string_view text) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  std::size_t i = 0;
  while (i < text.size()) {
    const unsigned char lead = byte(i);
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF; // allowed range of the second byte
    if (lead < 0x80)
      length = 1;
    else if (lead >= 0xC2 && lead <= 0xDF)
      length = 2;
    else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      low = lead == 0xE0 ? 0xA0 : 0x80;
      high = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      low = lead == 0xF0 ? 0x90 : 0x80;
      high = lead == 0xF4 ? 0x8F : 0xBF;
    } else
      return i;
    for (std::size_t k = 1; k < length; ++k) {
      if (i + k >= text.size())
        return i; // the sequence is cut short by the end of the text: its lead byte is the one to report
      const unsigned char next = byte(i + k);
      if (k == 1 ? (next < low || next > high) : (next < 0x80 || next > 0xBF))
        return i + k;
    }
    i += length;
  }
  return std::string_view::npos;
}

std::optional<json> parse_json_text(std::string_view text, const std::string& file, std::vector<Diagnostic>& problems) {
  const auto problem = [&](std::string message) { problems.push_back({file, "", std::move(message)}); };
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    problem("the file is empty; expected a JSON object");
    return std::nullopt;
  }
  if (const auto bad = invalid_utf8_offset(text); bad != std::string_view::npos) {
    problem(fmt::format("invalid UTF-8 byte 0x{:02X} ", static_cast<unsigned char>(text[bad])) +
            at_position(text, bad) + "; the file must be UTF-8 text");
    return std::nullopt;
  }
  if (const auto deep = too_deep_offset(text); deep != std::string_view::npos) {
    problem("arrays and objects nested deeper than " + std::to_string(max_json_depth) + " levels " +
            at_position(text, deep) + "; expected at most " + std::to_string(max_json_depth));
    return std::nullopt;
  }
  StrictBuilder builder(text, file, problems);
  json::sax_parse(text, &builder, json::input_format_t::json, true, false);
  if (builder.failed())
    return std::nullopt;
  return std::move(builder.document());
}

std::optional<std::string> read_text_file(const std::string& path, std::vector<Diagnostic>& problems) {
  namespace fs = std::filesystem;
  const auto problem = [&](std::string message) { problems.push_back({path, "", std::move(message)}); };
  std::error_code error;
  const auto status = fs::status(path, error);
  if (status.type() == fs::file_type::not_found) {
    problem("does not exist; expected the path of a JSON file");
    return std::nullopt;
  }
  if (error) {
    problem("cannot be read: " + error.message());
    return std::nullopt;
  }
  if (fs::is_directory(status)) {
    problem("is a directory; expected a JSON file");
    return std::nullopt;
  }
  if (!fs::is_regular_file(status)) {
    problem("is not a regular file; expected a JSON file");
    return std::nullopt;
  }
  const auto size = fs::file_size(path, error);
  if (!error && size > max_json_file_bytes) {
    problem("is too large (" + std::to_string(size) + " bytes); expected at most 64 MiB of JSON");
    return std::nullopt;
  }
  // Read with the system's calls rather than a stream: a read that fails (/proc/self/mem looks like a regular
  // file) must be a problem with the file's name, not an exception, and a file whose size the system does not
  // know (/proc/self/environ says 0) must still stop at the cap.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    problem(std::string("cannot be opened: ") + std::strerror(errno));
    return std::nullopt;
  }
  std::string text;
  char chunk[1 << 16];
  while (true) {
    const ssize_t got = ::read(fd, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR)
      continue;
    if (got < 0) {
      const int error = errno;
      ::close(fd);
      problem(std::string("cannot be read: ") + std::strerror(error));
      return std::nullopt;
    }
    if (got == 0)
      break;
    if (text.size() + static_cast<std::size_t>(got) > max_json_file_bytes) {
      ::close(fd);
      problem("is too large (more than " + std::to_string(max_json_file_bytes) +
              " bytes); expected at most 64 MiB of JSON");
      return std::nullopt;
    }
    text.append(chunk, static_cast<std::size_t>(got));
  }
  ::close(fd);
  return text;
}

std::optional<json> read_json_file(const std::string& path, std::vector<Diagnostic>& problems) {
  const auto text = read_text_file(path, problems);
  return text ? parse_json_text(*text, path, problems) : std::nullopt;
}

} // namespace drsim
