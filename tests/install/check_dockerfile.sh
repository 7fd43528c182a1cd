#!/bin/bash
# The Dockerfile's build stage installs exactly the packages of .ci/setup's build list, so that the image builds
# what CI builds.
# Usage: check_dockerfile.sh DOCKERFILE CI_SETUP
set -euo pipefail
dockerfile=$1 setup=$2
# The Dockerfile's instructions one a line (continuations joined); of the first that runs `apt-get install`, the
# words after it that are not options, up to the next command.
docker=$(sed -e ':join' -e '/\\$/{N;s/\\\n//;b join' -e '}' "$dockerfile" | grep -v '^#' | grep -m1 'apt-get install' |
  sed -e 's/.*apt-get install//' -e 's/&&.*//' | tr ' ' '\n' | grep -v -e '^-' -e '^$' | sort)
setup_list=$(sed -n '/^build_packages="/,/"$/p' "$setup" | sed 's/^build_packages=//' | tr -d '"' | tr ' ' '\n' |
  grep -v '^$' | sort)
[[ -n $setup_list ]] || {
  echo "FAIL: $setup has no build_packages list" >&2
  exit 1
}
if [[ $docker != "$setup_list" ]]; then
  echo "FAIL: the Dockerfile and .ci/setup install different build packages:" >&2
  diff <(echo "$docker") <(echo "$setup_list") >&2 || true
  exit 1
fi
echo "Dockerfile and .ci/setup: the same $(wc -l <<<"$docker") build packages"
