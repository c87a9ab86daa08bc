#!/bin/bash
# Builds drivers/block/ublk_drv.ko out of tree for a guest kernel: Debian's own source of that kernel
# (prepare-source.sh), an optional patch, Debian's linux-headers for it. Everything is cached under
# ${UBLK_LAB_CACHE:-$HOME/.cache/ublk-lab}/kbuild; /etc/apt is never touched (private apt states).
#
# usage: build-module.sh [--suite SUITE] [--patch FILE.diff] --out KO
#   --patch  a unified diff against drivers/block/ublk_drv.c (paths a/drivers/block/ublk_drv.c, -p1)
# The host is bookworm. A trixie kernel's kbuild tools need glibc 2.38+: they run with trixie's loader
# and libc (downloaded, unpacked in the cache, never installed). Debian built 7.x with gcc-14; without
# it here the host's gcc-12 compiles, and the one flag it lacks (-fmin-function-alignment=N) becomes
# -falign-functions=N, the kernel Makefile's own fallback for older compilers. BTF is left out (no pahole).
# exit: 0 built (prints KO), 3 packages not obtainable, 1 build failure, 2 usage.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${UBLK_LAB_CACHE:-$HOME/.cache/ublk-lab}
SUITE="" PATCH="" OUT=""
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) SUITE=$2; shift 2;;
    --patch) PATCH=$(cd "$(dirname "$2")" && pwd)/$(basename "$2"); shift 2;;
    --out) OUT=$2; shift 2;;
    *) echo "usage: build-module.sh [--suite S] [--patch FILE.diff] --out KO" >&2; exit 2;;
  esac
done
[ -n "$OUT" ] || { echo "usage: build-module.sh [--suite S] [--patch FILE.diff] --out KO" >&2; exit 2; }
say() { echo "[build-module] $*" >&2; }

apt_state() {  # apt options for a private state of SUITE (empty: the configured sources)
  local s=$1 d
  [ -n "$s" ] || return 0
  d=$CACHE/kbuild/apt-$s
  mkdir -p "$d/lists/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $s main" > "$d/sources.list"
  APT=(-o "Dir::Etc::sourcelist=$d/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$d/lists"
       -o "Dir::Cache::pkgcache=$d/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$d/srcpkgcache.bin")
  [ -f "$d/pkgcache.bin" ] || apt-get "${APT[@]}" update -qq >&2 || { say "cannot read suite $s"; exit 3; }
}
download() {  # PACKAGE... into $DEBS (once)
  local p
  for p in "$@"; do
    ls "$DEBS/${p}"_*.deb >/dev/null 2>&1 && continue
    (cd "$DEBS" && apt-get "${APT[@]}" download "$p" 2>&1 | grep -v unsandboxed >&2; exit "${PIPESTATUS[0]}") \
      || { say "cannot download $p"; exit 3; }
  done
}

KDIR=$("$HERE/prepare-kernel.sh" ${SUITE:+--suite "$SUITE"} | tail -1)
KVER=$(cat "$KDIR/kernel-version")                     # e.g. 7.3.4+deb13-amd64
UP=${KVER%%+*}                                          # 7.3.4
SRC=$("$HERE/prepare-source.sh" "linux-source-${UP%.*}" ${SUITE:+--suite "$SUITE"} drivers/block/ublk_drv.c | tail -1)
SVER=$(cat "$SRC/../version")
[ "${SVER%%-*}" = "$UP" ] || { say "source $SVER does not match kernel $KVER"; exit 1; }

DEBS=$CACHE/kbuild/debs
mkdir -p "$DEBS"
APT=()
apt_state "$SUITE"
DEPS=$(apt-cache "${APT[@]}" show "linux-headers-$KVER" 2>/dev/null | sed -n 's/^Depends: //p' | head -1 | tr ',' '\n' \
  | sed 's/ *(.*//; s/^ *//' | grep -E '^linux-(headers|kbuild)-' || true)
[ -n "$DEPS" ] || { say "no linux-headers-$KVER in apt${SUITE:+ ($SUITE)}"; exit 3; }
download "linux-headers-$KVER" $DEPS
ROOT=$CACHE/kbuild/$KVER
H=$ROOT/usr/src/linux-headers-$KVER
if [ ! -f "$ROOT/.ready" ]; then
  rm -rf "$ROOT"; mkdir -p "$ROOT"
  for p in "linux-headers-$KVER" $DEPS; do dpkg-deb -x "$(ls "$DEBS/${p}"_*.deb | head -1)" "$ROOT"; done
  sed -i "s|/usr/src/|$ROOT/usr/src/|g" "$H/Makefile"   # Debian's headers include their common part by absolute path
  # (not `ldd --version | head -1`: head closing the pipe can kill ldd with SIGPIPE, and under pipefail
  # and set -e that ended this script with 141 and no message on a first, uncached run)
  host=$(getconf GNU_LIBC_VERSION | awk '{print $2}')
  for f in $(find "$ROOT/usr/lib" -path '*kbuild*' -type f -perm -u+x); do
    case "$(file -b "$f")" in ELF*) ;; *) continue;; esac
    need=$(objdump -T "$f" 2>/dev/null | grep -oE 'GLIBC_2\.[0-9]+' | sort -Vu | tail -1 | cut -d_ -f2)
    [ -n "$need" ] && [ "$(printf '%s\n%s\n' "$need" "$host" | sort -V | tail -1)" != "$host" ] || continue
    if [ ! -d "$CACHE/kbuild/libs-$SUITE" ]; then
      APT=(); apt_state "${SUITE%-backports}"; download libc6 libelf1t64 zlib1g libzstd1
      mkdir -p "$CACHE/kbuild/libs-$SUITE"
      for p in libc6 libelf1t64 zlib1g libzstd1; do dpkg-deb -x "$(ls "$DEBS/${p}"_*.deb | head -1)" "$CACHE/kbuild/libs-$SUITE"; done
    fi
    L=$CACHE/kbuild/libs-$SUITE/usr/lib/x86_64-linux-gnu
    mv "$f" "$f.real"
    printf '#!/bin/sh\n# needs glibc %s (host: %s): the suite'"'"'s own loader and libc\nexec %q --library-path %q "$0.real" "$@"\n' \
      "$need" "$host" "$L/ld-linux-x86-64.so.2" "$L" > "$f"
    chmod +x "$f"
  done
  # Debian's objtool front end picks objtool.real-ARCH by re-executing itself: call the x86 one directly
  O=$ROOT/usr/lib/linux-kbuild-${KVER%-amd64}/tools/objtool
  if [ -f "$O/objtool.real-x86" ] || [ -f "$O/objtool.real-x86.real" ]; then
    rm -f "$O/objtool"; printf '#!/bin/sh\nexec "$(dirname "$0")/objtool.real-x86" "$@"\n' > "$O/objtool"; chmod +x "$O/objtool"
  fi
  touch "$ROOT/.ready"
fi

want=$(sed -n 's/^CC = .*\(gcc-[0-9]*\)$/\1/p' "$H/.kernelvariables")
CC=$(command -v "$want" || true)
if [ -z "$CC" ]; then
  CC=$CACHE/kbuild/gcc-fallback
  printf '#!/bin/bash\n# %s is not on this host: gcc with the kernel Makefile'"'"'s fallback for -fmin-function-alignment\na=()\nfor x in "$@"; do case "$x" in -fmin-function-alignment=*) a+=("-falign-functions=${x#*=}");; *) a+=("$x");; esac; done\nexec gcc "${a[@]}"\n' "$want" > "$CC"
  chmod +x "$CC"
  say "the kernel was built with $want; compiling with $(gcc -dumpfullversion) (flags mapped)"
fi

B=$(mktemp -d "$CACHE/kbuild/build.XXXX")
trap 'rm -rf "$B"' EXIT
mkdir -p "$B/drivers/block"
cp "$SRC/drivers/block/ublk_drv.c" "$B/drivers/block/"
if [ -n "$PATCH" ]; then
  (cd "$B" && patch -p1 --no-backup-if-mismatch < "$PATCH" >&2) || { say "the patch does not apply to $SVER"; exit 1; }
fi
echo 'obj-m := ublk_drv.o' > "$B/drivers/block/Kbuild"
make -s -C "$H" M="$B/drivers/block" CROSS_COMPILE= CC="$CC" CONFIG_DEBUG_INFO_BTF_MODULES= modules >&2 \
  || { say "build failed"; exit 1; }
strip --strip-debug -o "$OUT" "$B/drivers/block/ublk_drv.ko"
say "built $OUT for $KVER from linux-source $SVER${PATCH:+ + $(basename "$PATCH")}"
echo "$OUT"
