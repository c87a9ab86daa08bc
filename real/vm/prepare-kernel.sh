#!/bin/bash
# Prepares a guest kernel + initramfs for the ublk test VM from Debian packages only, cached so
# later runs reuse it. Prints the prepared directory (vmlinuz, initrd.gz, kernel-version) as the
# last line of stdout. Everything else goes to stderr.
#
# usage: prepare-kernel.sh [--suite SUITE] [--kver KVER]
#   default: the newest linux-image-6.12.*+deb12-amd64 in the configured apt sources
#            (bookworm-security carries 6.12.x with CONFIG_BLK_DEV_UBLK=m).
#   --suite trixie-backports: a second, newer kernel (7.x, has UBLK_F_SUPPORT_ZERO_COPY), found
#            through a *private* apt state under the cache dir. /etc/apt is never touched.
# env: UBLK_LAB_CACHE (default $HOME/.cache/ublk-lab)
# exit: 0 ready, 3 packages not obtainable (the caller may skip), 1 other failure.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${UBLK_LAB_CACHE:-$HOME/.cache/ublk-lab}/vm
SUITE="" KVER=""
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) SUITE=$2; shift 2;;
    --kver) KVER=$2; shift 2;;
    *) echo "prepare-kernel: unknown argument $1" >&2; exit 1;;
  esac
done
say() { echo "[prepare-kernel] $*" >&2; }

"$HERE/install-host-packages.sh" >&2

APT=()
if [ -n "$SUITE" ]; then
  # Private apt state: its own sources.list, lists and caches; the system's apt config is not read
  # for sources and not written.
  ALT=$CACHE/apt-$SUITE
  mkdir -p "$ALT/lists/partial"
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian $SUITE main" > "$ALT/sources.list"
  APT=(-o "Dir::Etc::sourcelist=$ALT/sources.list" -o Dir::Etc::sourceparts=- -o "Dir::State::Lists=$ALT/lists"
       -o "Dir::Cache::pkgcache=$ALT/pkgcache.bin" -o "Dir::Cache::srcpkgcache=$ALT/srcpkgcache.bin")
  apt-get "${APT[@]}" update -qq >&2 || { say "cannot read suite $SUITE (no network or archive?)"; exit 3; }
  PATTERN='^linux-image-[0-9.]+\+deb[0-9]+-amd64$'
else
  # The configured sources rotate old ABI names out of the archive: pick by pattern, not version.
  PATTERN='^linux-image-6\.12\.[0-9]+\+deb12-amd64$'
  if ! apt-cache search --names-only "$PATTERN" | grep -q .; then apt-get update -qq >&2 || true; fi
fi
if [ -z "$KVER" ]; then
  KVER=$(apt-cache "${APT[@]}" search --names-only "$PATTERN" | awk '{print $1}' | sed 's/^linux-image-//' | sort -V | tail -1)
fi
[ -n "$KVER" ] || { say "no kernel package matching $PATTERN in apt${SUITE:+ ($SUITE)}"; exit 3; }

# 9p+overlay: the host root as the guest's root; ublk_drv: the subject; loop and null_blk: the
# benchmark's reference devices; crc32c_generic: requested by ext4 users and not loadable on demand.
REQUIRED="9pnet_virtio 9p overlay ublk_drv" OPTIONAL="loop null_blk crc32c_generic ext4"
# the initramfs is rebuilt when /init or the module lists change
INIT_SHA=$( (cat "$HERE/guest-init.sh"; echo "modules: $REQUIRED / $OPTIONAL") | sha256sum | cut -c1-64)
OUT=$CACHE/$KVER
if [ -f "$OUT/vmlinuz" ] && [ -f "$OUT/initrd.gz" ] && [ -f "$OUT/init.sha" ] \
   && [ "$(cat "$OUT/init.sha")" = "$INIT_SHA" ]; then
  say "cached: $OUT"
  echo "$OUT"; exit 0
fi

# Debian <= 12 ship one linux-image-KVER package; Debian >= 13 split it into linux-binary/-modules/-base.
if apt-cache "${APT[@]}" show "linux-binary-$KVER" >/dev/null 2>&1; then
  PKGS="linux-binary-$KVER linux-modules-$KVER linux-base-$KVER"
else
  PKGS="linux-image-$KVER"
fi
DEBS=$CACHE/debs
mkdir -p "$CACHE"
X=$(mktemp -d "$CACHE/unpack.XXXX")
trap 'rm -rf "$X"' EXIT
mkdir -p "$DEBS"
for p in $PKGS; do
  f=$(ls "$DEBS/${p}"_*.deb 2>/dev/null | head -1 || true)
  if [ -z "$f" ]; then
    say "downloading $p"
    # as root, apt warns that the download is unsandboxed (the cache dir is not _apt's): expected, filtered
    (cd "$DEBS" && apt-get "${APT[@]}" download "$p" 2>&1 | grep -v 'unsandboxed' >&2; exit "${PIPESTATUS[0]}") \
      || { say "cannot download $p"; exit 3; }
    f=$(ls "$DEBS/${p}"_*.deb | head -1)
  fi
  dpkg-deb -x "$f" "$X/root"
done
if [ -d "$X/root/boot" ]; then
  VMLINUZ=$X/root/boot/vmlinuz-$KVER CONFIG=$X/root/boot/config-$KVER MODDIR=$X/root/lib/modules/$KVER
else
  VMLINUZ=$X/root/usr/lib/modules/$KVER/vmlinuz CONFIG=$X/root/usr/lib/modules/$KVER/config MODDIR=$X/root/usr/lib/modules/$KVER
fi
grep -q '^CONFIG_BLK_DEV_UBLK=[ym]' "$CONFIG" || { say "kernel $KVER has no CONFIG_BLK_DEV_UBLK"; exit 1; }

# busybox insmod wants plain .ko files and the .deb has no modules.dep: decompress on the host and
# resolve dependencies from each module's modinfo "depends=" string.
R=$X/initramfs
mkdir -p "$R"/{bin,dev,proc,sys,lib/modules}
cp /bin/busybox "$R/bin/busybox"
ORDER=()
declare -A SEEN=()
add_module() {  # depth first, so dependencies load first
  local n=${1//-/_} f dep
  [ -n "${SEEN[$n]:-}" ] && return 0
  SEEN[$n]=1
  f=$(find "$MODDIR/kernel" \( -name "$n.ko*" -o -name "${n//_/-}.ko*" \) | head -1)
  if [ -z "$f" ]; then
    grep -q -e "/${n}.ko" -e "/${n//_/-}.ko" "$MODDIR/modules.builtin" && return 0
    if [ "$2" = optional ]; then say "module $n not in $KVER, skipped"; return 0; fi
    say "module $n not found in $KVER"; exit 1
  fi
  case "$f" in *.xz) xz -dc "$f";; *.zst) zstd -qdc "$f";; *.gz) gzip -dc "$f";; *) cat "$f";; esac > "$R/lib/modules/$n.ko"
  for dep in $(strings "$R/lib/modules/$n.ko" | sed -n 's/^depends=//p' | tr ',' ' '); do add_module "$dep" required; done
  ORDER+=("$n")
}
for m in $REQUIRED; do add_module "$m" required; done
for m in $OPTIONAL; do add_module "$m" optional; done
echo "${ORDER[*]}" > "$R/lib/modules/load-order"
say "modules: ${ORDER[*]}"
cp "$HERE/guest-init.sh" "$R/init"
chmod +x "$R/init"
mkdir -p "$OUT.tmp"
cp "$VMLINUZ" "$OUT.tmp/vmlinuz"
(cd "$R" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$OUT.tmp/initrd.gz"
echo "$KVER" > "$OUT.tmp/kernel-version"
echo "$INIT_SHA" > "$OUT.tmp/init.sha"
rm -rf "$OUT" && mv "$OUT.tmp" "$OUT"
say "prepared $OUT"
echo "$OUT"
