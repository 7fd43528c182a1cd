// SHA-256 (FIPS 180-4) of a byte string, by OpenSSL's libcrypto: the plan hash that `--confirm` will name.
#pragma once

#include <string>
#include <string_view>

namespace drsim::fis {

// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

} // namespace drsim::fis
