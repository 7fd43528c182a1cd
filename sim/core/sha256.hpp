// SHA-256 (FIPS 180-4) of a byte string, by OpenSSL's libcrypto: the FIS plan hash that `--confirm` names, the
// scenario hash of a check's history.
#pragma once

#include <string>
#include <string_view>

namespace drsim {

// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

} // namespace drsim
