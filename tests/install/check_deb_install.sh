#!/bin/bash
# Installs the Debian package with dpkg -i in a throwaway root, as a user's machine would install it, and checks that
# drsim runs from the PATH and `man drsim` shows its page. The root is an overlay of this system's in a private mount
# namespace: everything dpkg writes lands in a scratch directory, and the system itself is left as it was.
# Needs root and overlay mounts (CI's containers have both); elsewhere it exits 77, which CTest reports as skipped.
# Usage: check_deb_install.sh PACKAGE_DIR WORK_DIR VERSION
set -euo pipefail
packages=$1 work=$2 version=$3
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
deb=$(echo "$packages"/drsim_"$version"_*.deb)
[[ -f $deb ]] || fail "no drsim_${version}_*.deb in $packages: install.staged_and_packaged builds it"
if [[ $(id -u) != 0 ]]; then
  echo "skipped: installing a package in a throwaway root needs root"
  exit 77
fi

rm -rf "$work"
mkdir -p "$work"/{upper,scratch,root}
if ! unshare --mount true 2>/dev/null; then
  echo "skipped: this system allows no private mount namespace"
  exit 77
fi

# Run inside the namespace: the mounts vanish with it.
unshare --mount bash -euo pipefail -s "$deb" "$work" "$version" <<'INSIDE'
deb=$1 work=$2 version=$3
fail() {
  echo "FAIL: $*" >&2
  exit 1
}
root=$work/root
mount --make-rprivate /
if ! mount -t overlay overlay -o "lowerdir=/,upperdir=$work/upper,workdir=$work/scratch" "$root" 2>/dev/null; then
  echo "skipped: this system allows no overlay mount"
  exit 77
fi
mount --rbind /dev "$root/dev"
mount -t proc proc "$root/proc"
# Only the root file system is in the overlay: the package is copied in, wherever the build lives.
cp "$deb" "$root/tmp/drsim.deb"
chroot "$root" dpkg-query -W drsim >/dev/null 2>&1 && fail "drsim is already installed in the system under test"
chroot "$root" dpkg -i /tmp/drsim.deb >"$work/dpkg.log" 2>&1 || fail "dpkg -i failed: $(cat "$work/dpkg.log")"
[[ $(chroot "$root" dpkg-query -W -f '${Status}' drsim) == "install ok installed" ]] ||
  fail "dpkg does not list drsim as installed"
[[ $(chroot "$root" sh -c 'command -v drsim') == /usr/bin/drsim ]] || fail "drsim is not on the PATH at /usr/bin"
[[ $(chroot "$root" drsim --version) == "drsim $version" ]] || fail "the installed drsim does not print its version"
chroot "$root" drsim validate /usr/share/drsim/scenarios/shop-region-loss.json >/dev/null ||
  fail "the installed drsim does not validate its own shop-region-loss.json"
rendered=$(chroot "$root" env MANWIDTH=100 man drsim 2>&1 | col -b)
grep -qF "drsim - simulate disaster-recovery drills" <<<"$rendered" || fail "man drsim does not show the page: $rendered"
chroot "$root" dpkg -r drsim >/dev/null 2>&1 || fail "dpkg -r drsim failed"
[[ ! -e $root/usr/bin/drsim ]] || fail "dpkg -r left /usr/bin/drsim behind"
echo "dpkg -i drsim $version in a throwaway root: installed, on the PATH, man drsim works, removed"
INSIDE
status=$?
[[ ! -e /usr/bin/drsim ]] || ! dpkg-query -W drsim >/dev/null 2>&1 || fail "the package reached the real system"
exit $status
