#!/bin/bash
# Builds kublk, the C ublk server of the kernel's own selftests (tools/testing/selftests/ublk), from
# Debian's linux-source-X.Y package, on the host with gcc and Debian's liburing-dev, cached. The binary
# is never committed; it lives in ${UBLK_LAB_CACHE:-$HOME/.cache/ublk-lab}/kublk/<package>-<version>/.
# The guest's root is the host's root (real/vm/run-in-vm.sh), so the guest runs it (and fio) as built.
#
# usage: build-kublk.sh [PACKAGE [SUITE]]   default: linux-source-7.3 trixie-backports
# stdout, last line: the kublk binary's path. stderr: where it came from (package, version, liburing).
# exit: 0 ready, 3 the source package is not obtainable, 1 build failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
PKG=${1:-linux-source-7.3} SUITE=${2:-trixie-backports}
CACHE=${UBLK_LAB_CACHE:-$HOME/.cache/ublk-lab}
say() { echo "[build-kublk] $*" >&2; }

need=()
for p in gcc libc6-dev liburing-dev fio; do dpkg -s "$p" >/dev/null 2>&1 || need+=("$p"); done
if [ ${#need[@]} -gt 0 ]; then
  say "apt-get install ${need[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2 \
    || { apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >&2; }
fi

# kublk's Makefile compiles every *.c but metadata_size.c with -I $(top_srcdir)/usr/include (the
# installed uapi headers); these are the uapi headers it needs newer than the host's.
UAPI=(ublk_cmd.h io_uring.h io_uring fs.h fscrypt.h mount.h)
PATHS=(tools/testing/selftests/ublk)
for h in "${UAPI[@]}"; do PATHS+=("include/uapi/linux/$h"); done
set +e
TREE=$("$HERE/prepare-source.sh" "$PKG" ${SUITE:+--suite "$SUITE"} "${PATHS[@]}" | tail -1)
rc=${PIPESTATUS[0]}
set -e
[ "$rc" = 0 ] || exit "$rc"
VER=$(cat "$TREE/../version")
LIBURING=$(dpkg-query -W -f '${Version}' liburing-dev)
OUT=$CACHE/kublk/$PKG-$VER
KEY="$(sha256sum "$0" | cut -c1-64) liburing-dev $LIBURING"
if [ -x "$OUT/kublk" ] && [ "$(cat "$OUT/key" 2>/dev/null)" = "$KEY" ]; then
  say "cached: kublk from $PKG $VER (tools/testing/selftests/ublk), liburing-dev $LIBURING"
  echo "$OUT/kublk"; exit 0
fi
rm -rf "$OUT.tmp" && mkdir -p "$OUT.tmp/usr/include/linux"
for h in "${UAPI[@]}"; do cp -r "$TREE/include/uapi/linux/$h" "$OUT.tmp/usr/include/linux/"; done
SRC=$TREE/tools/testing/selftests/ublk
C=()
for f in "$SRC"/*.c; do [ "$(basename "$f")" = metadata_size.c ] || C+=("$f"); done
EXTRA=()
if ! grep -q io_uring_setup_buf_ring /usr/include/liburing.h; then
  # liburing < 2.4 lacks the buffer-ring helpers; only kublk's --batch mode (UBLK_F_BATCH_IO) calls them,
  # and the benchmark does not use it. Our stubs make that mode fail with ENOSYS instead of linking.
  cat > "$OUT.tmp/liburing-compat.c" <<'C'
#include <errno.h>
#include <liburing.h>
struct io_uring_buf_ring *io_uring_setup_buf_ring(struct io_uring *ring, unsigned int nentries, int bgid,
                                                  unsigned int flags, int *ret)
{
	(void) ring; (void) nentries; (void) bgid; (void) flags;
	*ret = -ENOSYS;
	return NULL;
}
int io_uring_free_buf_ring(struct io_uring *ring, struct io_uring_buf_ring *br, unsigned int nentries, int bgid)
{
	(void) ring; (void) br; (void) nentries; (void) bgid;
	return -ENOSYS;
}
C
  cat > "$OUT.tmp/liburing-compat.h" <<'C'
struct io_uring;
struct io_uring_buf_ring;
struct io_uring_buf_ring *io_uring_setup_buf_ring(struct io_uring *ring, unsigned int nentries, int bgid,
                                                  unsigned int flags, int *ret);
int io_uring_free_buf_ring(struct io_uring *ring, struct io_uring_buf_ring *br, unsigned int nentries, int bgid);
C
  EXTRA=(-include "$OUT.tmp/liburing-compat.h" "$OUT.tmp/liburing-compat.c")
  say "liburing-dev $LIBURING has no io_uring_setup_buf_ring: kublk --batch is unavailable (ENOSYS)"
fi
say "gcc: kublk from $PKG $VER"
gcc -O3 -D_GNU_SOURCE -Wall -Wno-unused-result -I "$OUT.tmp/usr/include" -o "$OUT.tmp/kublk" "${C[@]}" "${EXTRA[@]}" \
  -lpthread -lm -luring >&2 || { say "kublk build failed"; exit 1; }
echo "$KEY" > "$OUT.tmp/key"
echo "$PKG $VER" > "$OUT.tmp/source"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
say "built: kublk from $PKG $VER (tools/testing/selftests/ublk), liburing-dev $LIBURING"
echo "$OUT/kublk"
