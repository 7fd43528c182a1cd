#include "sim/cli/source_lines.hpp"

#include <algorithm>
#include <iterator>
#include <string>

#include <nlohmann/json.hpp>

namespace drsim {
namespace {

// The text's characters, counting how many the parser has read: at each event of the SAX parser the count stands
// just past the token that raised it, which places the event in the text.
class CountingIterator {
public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* at, std::size_t* read) : at_(at), read_(read) {}
  reference operator*() const { return *at_; }
  CountingIterator& operator++() {
    ++at_;
    ++*read_;
    return *this;
  }
  CountingIterator operator++(int) {
    auto before = *this;
    ++*this;
    return before;
  }
  bool operator==(const CountingIterator& other) const { return at_ == other.at_; }
  bool operator!=(const CountingIterator& other) const { return at_ != other.at_; }

private:
  const char* at_;
  std::size_t* read_;
};

// Notes where the elements of the root's "objectives" array begin, as offsets into the text.
class ObjectiveFinder {
public:
  explicit ObjectiveFinder(const std::size_t* read) : read_(read) {}
  std::vector<std::size_t> starts;

  bool null() { return value(); }
  bool boolean(bool) { return value(); }
  bool number_integer(std::int64_t) { return value(); }
  bool number_unsigned(std::uint64_t) { return value(); }
  bool number_float(double, const std::string&) { return value(); }
  bool string(std::string&) { return value(); }
  bool binary(nlohmann::json::binary_t&) { return value(); }
  bool start_object(std::size_t) {
    value();
    ++depth_;
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) {
    value();
    ++depth_;
    in_objectives_ = in_objectives_ || (depth_ == 2 && key_ == "objectives");
    return true;
  }
  bool end_array() { return close(); }
  bool key(std::string& key) {
    if (depth_ == 1)
      key_ = key;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

private:
  const std::size_t* read_;
  int depth_ = 0;
  std::string key_;            //!< the root's key being read
  bool in_objectives_ = false; //!< inside the root's "objectives" array

  // An element of the objectives array begins with the token just read.
  bool value() {
    if (in_objectives_ && depth_ == 2)
      starts.push_back(*read_ == 0 ? 0 : *read_ - 1);
    return true;
  }
  bool close() {
    if (depth_ == 2)
      in_objectives_ = false;
    --depth_;
    return true;
  }
};

} // namespace

std::vector<std::size_t> objective_lines(std::string_view text) {
  std::size_t read = 0;
  ObjectiveFinder finder(&read);
  const CountingIterator first(text.data(), &read), last(text.data() + text.size(), &read);
  if (!nlohmann::json::sax_parse(first, last, &finder))
    return {};
  std::vector<std::size_t> lines;
  for (const auto offset : finder.starts) {
    // The token that raised the event ends at the offset: the value starts on its line.
    const auto until = text.substr(0, std::min(offset, text.size()));
    lines.push_back(static_cast<std::size_t>(std::count(until.begin(), until.end(), '\n')) + 1);
  }
  return lines;
}

} // namespace drsim
