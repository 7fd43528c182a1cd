// From text or a file to one JSON value, strictly: UTF-8 only, no comments, no duplicate keys, bounded depth and
// size. Every problem is a diagnostic on the whole document that names its line and column (a duplicate key names
// its JSON Pointer), and nothing here throws on bad input.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/errors.hpp"

namespace drsim {

// Deeper documents are rejected before they are parsed: nothing users write comes near, and recursion on
// hostile input (copies, comparisons, merge patches) must stay bounded.
inline constexpr int max_json_depth = 64;
// Larger files are rejected before they are read, so that a wrong path (a disk image, /dev/zero) cannot exhaust memory.
inline constexpr std::uintmax_t max_json_file_bytes = 64u << 20;

// Parses `text` as one JSON value: UTF-8 only, no comments, no duplicate keys, at most max_json_depth levels.
// Problems name the line and column.
std::optional<nlohmann::json> parse_json_text(std::string_view text, const std::string& file,
                                              std::vector<Diagnostic>& problems);
// The bytes of a regular file; a missing, unreadable or oversized file is a diagnostic on the whole document.
// The offset of the first byte that breaks UTF-8 (RFC 3629: no overlong forms, no surrogates), or npos.
std::size_t invalid_utf8_offset(std::string_view text);

std::optional<std::string> read_text_file(const std::string& path, std::vector<Diagnostic>& problems);
// Reads and parses a regular file; a missing, unreadable or oversized file is a diagnostic on the whole document.
std::optional<nlohmann::json> read_json_file(const std::string& path, std::vector<Diagnostic>& problems);

} // namespace drsim
