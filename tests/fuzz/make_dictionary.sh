#!/bin/sh
# Writes the input fuzzer's dictionary from the readers' keys and enum words and the units they accept.
set -eu
cd "$(dirname "$0")/../.."
{
  echo '# Keys, enum words and units of the input formats, for the input fuzzer (libFuzzer -dict=); regenerate with'
  echo '# tests/fuzz/make_dictionary.sh when the formats change.'
  for word in $(grep -ohE '"[a-z_-]+"' sim/input/*.cpp sim/core/*.cpp sim/core/*.hpp | sort -u | tr -d '"'); do
    echo "\"$word\""
  done
  for unit in $(grep -ohE 'Unit\{"[^"]+"' sim/core/units.cpp | sed 's/Unit{"//;s/"//' | sort -u); do
    echo "\"$unit\""
  done
  printf '%s\n' '"\x22: \x22"' '"\x22: {"' '"\x22: ["' '"1e308"' '"-1"' '"1e-320"' '"\x220s\x22"' '"\x221ms\x22"' '"\x22365d\x22"'
} > tests/fuzz/drsim.dict
