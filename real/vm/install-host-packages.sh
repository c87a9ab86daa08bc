#!/bin/bash
# Installs what the VM harness needs on the host, only if missing: QEMU (TCG) and a static busybox
# for the initramfs. Needs root (CI runs as root).
set -euo pipefail
need=()
command -v qemu-system-x86_64 >/dev/null || need+=(qemu-system-x86)
[ -x /bin/busybox ] && /bin/busybox --list 2>/dev/null | grep -qx cpio || need+=(busybox-static)
command -v strings >/dev/null || need+=(binutils)
command -v xz >/dev/null || need+=(xz-utils)
[ ${#need[@]} -eq 0 ] && exit 0
echo "[install-host-packages] apt-get install ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
