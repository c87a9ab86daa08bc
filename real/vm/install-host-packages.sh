#!/bin/bash
# Installs what the VM harness needs on the host, only if missing: QEMU (TCG), a *static* busybox for
# the initramfs (the dynamic one from the busybox package cannot run there), binutils (strings, to
# read module dependencies), xz-utils (to decompress modules) and gcc (the reproducers under repro/,
# built on the host: the guest gets binaries). Needs root (CI runs as root).
set -euo pipefail
need=()
for p in qemu-system-x86 busybox-static binutils xz-utils gcc libc6-dev; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
[ ${#need[@]} -eq 0 ] && exit 0
echo "[install-host-packages] apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
