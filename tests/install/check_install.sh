#!/bin/bash
# Installs the build into a staging directory (DESTDIR) and into a Debian package, and checks both: the installed
# drsim runs (--version, validate on a shipped scenario) and its man page renders without a warning; the package
# names Debian's packages as its dependencies and holds drsim, the page, the completions and the scenarios; unpacked
# (dpkg -x: nothing is installed on the system), its drsim runs and `man` finds its page.
# Usage: check_install.sh BUILD_DIR WORK_DIR INSTALL_PREFIX VERSION
set -euo pipefail
build=$1 work=$2 prefix=$3 version=$4
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
rm -rf "$work"
mkdir -p "$work"

DESTDIR="$work/stage" cmake --install "$build" >/dev/null
staged="$work/stage$prefix"
[[ $("$staged/bin/drsim" --version) == "drsim $version" ]] || fail "the installed drsim does not print its version"
"$staged/bin/drsim" validate "$staged/share/drsim/scenarios/shop-region-loss.json" >/dev/null ||
  fail "the installed drsim does not validate the installed shop-region-loss.json"
for file in share/bash-completion/completions/drsim share/zsh/site-functions/_drsim share/doc/drsim/README.md \
  share/doc/drsim/copyright share/drsim/scenarios/topologies/web-shop.json; do
  [[ -s $staged/$file ]] || fail "cmake --install did not install $file"
done

# Where Debian's zsh looks: its fpath holds the directory of a local install and that of a package.
fpath=$(zsh -f -c 'print -l $fpath')
for directory in /usr/local/share/zsh/site-functions /usr/share/zsh/vendor-completions; do
  grep -qx "$directory" <<<"$fpath" || fail "zsh does not look for completions in $directory"
done

# The page is the same bytes for the same SOURCE_DATE_EPOCH, and dated its day.
first=$(SOURCE_DATE_EPOCH=1767225600 "$staged/bin/drsim" --man)
[[ $first == "$(SOURCE_DATE_EPOCH=1767225600 "$staged/bin/drsim" --man)" ]] || fail "drsim --man differs between runs"
grep -q '^\.TH DRSIM 1 2026-01-01 "drsim '"$version"'"' <<<"$first" || fail "the man page is not dated SOURCE_DATE_EPOCH's day"

page=$staged/share/man/man1/drsim.1.gz
warnings=$(zcat "$page" | groff -man -Tutf8 -ww -z 2>&1)
[[ -z $warnings ]] || fail "groff warns about the man page: $warnings"
rendered=$(MANWIDTH=100 man -l "$page" 2>&1 | col -b)
for expected in "drsim - simulate disaster-recovery drills" "drsim compare" "--precision PCT" "drsim fis plan" \
  "EXIT STATUS" "SOURCE_DATE_EPOCH"; do
  grep -qF -- "$expected" <<<"$rendered" || fail "the rendered man page lacks \"$expected\""
done

cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/package" >/dev/null
deb=$(echo "$work"/package/drsim_"$version"_*.deb)
[[ -f $deb ]] || fail "cpack wrote no drsim_${version}_*.deb"
info=$(dpkg-deb --info "$deb")
for field in "Package: drsim" "Version: $version" "Maintainer: " "Description: " "Depends: "; do
  grep -q "^ $field" <<<"$info" || fail "dpkg-deb --info has no \"$field\""
done
depends=$(dpkg-deb --field "$deb" Depends)
for library in libsimgrid libboost-program-options libspdlog libcurl4 libsqlite3 libc6; do
  [[ $depends == *"$library"* ]] || fail "Depends ($depends) names no $library package"
done
contents=$(dpkg-deb --contents "$deb")
for file in usr/bin/drsim usr/share/man/man1/drsim.1.gz usr/share/bash-completion/completions/drsim \
  usr/share/zsh/vendor-completions/_drsim usr/share/doc/drsim/copyright usr/share/drsim/scenarios/shop-region-loss.json; do
  grep -q " \./$file$" <<<"$contents" || fail "the package does not hold /$file"
done

dpkg -x "$deb" "$work/unpacked"
[[ $("$work/unpacked/usr/bin/drsim" --version) == "drsim $version" ]] || fail "the packaged drsim does not run"
rendered=$(MANWIDTH=100 man -M "$work/unpacked/usr/share/man" drsim 2>&1 | col -b)
grep -qF "drsim compare" <<<"$rendered" || fail "man drsim does not find the packaged page"
echo "installed, packaged and unpacked drsim $version: all checks passed"
