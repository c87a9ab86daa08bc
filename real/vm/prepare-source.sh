#!/bin/bash
# Fetches a Debian linux-source-X.Y package (the exact source of a guest kernel) and unpacks the
# parts of its tree that are asked for, cached. Prints the unpacked tree's directory as the last line
# of stdout; everything else goes to stderr.
#
# usage: prepare-source.sh PACKAGE [--suite SUITE] [PATH-IN-TREE...]
#   PACKAGE   linux-source-6.12 (bookworm-security, the configured apt sources) or, with
#             --suite trixie-backports, linux-source-7.3 / linux-source-7.2, found through the same
#             *private* apt state as prepare-kernel.sh (/etc/apt is never touched).
#   PATH...   tree paths to unpack (default: drivers/block/ublk_drv.c include/uapi/linux/ublk_cmd.h);
#             each is unpacked once and kept.
# env: UBLK_LAB_CACHE (default $HOME/.cache/ublk-lab)
# exit: 0 ready, 3 package not obtainable, 1 other failure.
set -euo pipefail
CACHE=${UBLK_LAB_CACHE:-$HOME/.cache/ublk-lab}
PKG="" SUITE="" PATHS=()
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) SUITE=$2; shift 2;;
    -*) echo "prepare-source: unknown option $1" >&2; exit 1;;
    *) if [ -z "$PKG" ]; then PKG=$1; else PATHS+=("$1"); fi; shift;;
  esac
done
[ -n "$PKG" ] || { echo "usage: prepare-source.sh PACKAGE [--suite SUITE] [PATH...]" >&2; exit 1; }
[ ${#PATHS[@]} -gt 0 ] || PATHS=(drivers/block/ublk_drv.c include/uapi/linux/ublk_cmd.h)
say() { echo "[prepare-source] $*" >&2; }

APT=()
if [ -n "$SUITE" ]; then
  ALT=$CACHE/vm/apt-$SUITE
  mkdir -p "$ALT/lists/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main" > "$ALT/sources.list"
  APT=(-o "Dir::Etc::sourcelist=$ALT/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$ALT/lists"
       -o "Dir::Cache::pkgcache=$ALT/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$ALT/srcpkgcache.bin")
  if [ ! -f "$ALT/pkgcache.bin" ]; then
    apt-get "${APT[@]}" update -qq >&2 || { say "cannot read suite $SUITE"; exit 3; }
  fi
elif ! apt-cache show "$PKG" >/dev/null 2>&1; then
  apt-get update -qq >&2 || true
fi
VER=$(apt-cache "${APT[@]}" show "$PKG" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1)
[ -n "$VER" ] || { say "no package $PKG in apt${SUITE:+ ($SUITE)}"; exit 3; }

DEBS=$CACHE/src/debs
OUT=$CACHE/src/$PKG-$VER
mkdir -p "$DEBS" "$OUT"
f=$(ls "$DEBS/${PKG}_${VER//:/%3a}"_*.deb 2>/dev/null | head -1 || true)
if [ -z "$f" ]; then
  say "downloading $PKG $VER"
  (cd "$DEBS" && apt-get "${APT[@]}" download "$PKG=$VER" 2>&1 | grep -v 'unsandboxed' >&2; exit "${PIPESTATUS[0]}") \
    || { say "cannot download $PKG $VER"; exit 3; }
  f=$(ls "$DEBS/${PKG}"_*.deb | grep -F "$(echo "$VER" | sed 's/:/%3a/')" | head -1)
fi
TARBALL=$OUT/.tarball
if [ ! -f "$TARBALL" ]; then
  X=$(mktemp -d "$CACHE/src/unpack.XXXX")
  dpkg-deb -x "$f" "$X"
  t=$(find "$X/usr/src" -maxdepth 1 -name 'linux-source-*.tar.*' | head -1)
  [ -n "$t" ] || { say "$f has no source tarball"; rm -rf "$X"; exit 1; }
  mv "$t" "$OUT/$(basename "$t")"
  rm -rf "$X"
  basename "$t" > "$TARBALL"
fi
T=$OUT/$(cat "$TARBALL")
TOP=$(basename "$(cat "$TARBALL")" | sed 's/\.tar\..*//')
MISSING=()
for p in "${PATHS[@]}"; do [ -e "$OUT/tree/$p" ] || MISSING+=("$TOP/$p"); done
if [ ${#MISSING[@]} -gt 0 ]; then
  say "unpacking ${MISSING[*]#$TOP/}"
  mkdir -p "$OUT/tree"
  tar -xf "$T" -C "$OUT/tree" --strip-components=1 "${MISSING[@]}" || { say "not all of ${PATHS[*]} are in $PKG $VER"; exit 1; }
fi
echo "$VER" > "$OUT/version"
echo "$OUT/tree"
