#!/bin/bash
# Runs one shell command as root inside a throw-away QEMU/TCG guest whose kernel has ublk_drv, and
# exits with the command's exit code.
#
# usage: run-in-vm.sh [--suite SUITE] [--work DIR] [--timeout SECONDS] [--module KO] -- COMMAND...
#   --module KO: a ublk_drv.ko built for the guest's kernel (its vermagic must name it) that the guest
#   loads instead of its own; the command sees UBLK_LAB_MODULE=KO. UBLK_LAB_MODEL_KERNEL=V (host env) is
#   passed on: the guest tests judge against model version V instead of the one of the guest's release.
#   The guest sees the host's whole tree at the same paths (read-only 9p + tmpfs overlay: guest
#   writes are discarded), except DIR (default $PWD/real/target/vm or $PWD/target/vm), shared
#   read-write: it receives guest-run.sh, rc, console.log. The command runs with cwd = caller's cwd.
# exit: the command's exit code; 99 = VM failure (boot, panic, timeout: no rc file);
#       97 = the kernel for --suite could not be obtained (skip).
# TCG runs single-threaded by default (VM_TCG_THREAD=multi is about 25% faster): multi-threaded TCG
# races cross-modifying code, which crashed the guest kernel at boot (an int3 Oops in text_poke_bp's
# window, seen in CI) and the JVM (exit 134 at a patched C1 entry). Both still count as environment
# failures: a guest kernel that panics before its init reports "ready" is booted again (up to twice), and a
# JVM crash (exit 134 or an hs_err file) is retried once.
# env: UBLK_LAB_CACHE, VM_SMP (2), VM_MEM (2G), VM_TCG_THREAD (single)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
SUITE="" WORK="" TIMEOUT=600 MODULE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --suite) SUITE=$2; shift 2;;
    --work) WORK=$2; shift 2;;
    --timeout) TIMEOUT=$2; shift 2;;
    --module) MODULE=$2; shift 2;;
    --) shift; break;;
    *) break;;
  esac
done
[ $# -gt 0 ] || { echo "usage: run-in-vm.sh [--suite S] [--work DIR] [--timeout S] -- COMMAND..." >&2; exit 2; }
if [ -z "$WORK" ]; then
  if [ -d "$PWD/real" ]; then WORK=$PWD/real/target/vm; else WORK=$PWD/target/vm; fi
fi
mkdir -p "$WORK" && WORK=$(cd "$WORK" && pwd)

KDIR=$("$HERE/prepare-kernel.sh" ${SUITE:+--suite "$SUITE"} | tail -1)
prc=${PIPESTATUS[0]}
if [ "$prc" = 3 ]; then echo "[run-in-vm] kernel for ${SUITE:-default} not obtainable: skipped" >&2; exit 97; fi
[ "$prc" = 0 ] && [ -f "$KDIR/vmlinuz" ] || { echo "[run-in-vm] kernel preparation failed" >&2; exit 99; }

INITRD=$KDIR/initrd.gz
if [ -n "$MODULE" ]; then
  # the cached initramfs with its ublk_drv.ko replaced; the module must have been built for this kernel
  [ -f "$MODULE" ] || { echo "[run-in-vm] --module $MODULE: no such file" >&2; exit 2; }
  MODULE=$(cd "$(dirname "$MODULE")" && pwd)/$(basename "$MODULE")
  vm=$(strings "$MODULE" | sed -n 's/^vermagic=\([^ ]*\).*/\1/p' | head -1)
  [ "$vm" = "$(cat "$KDIR/kernel-version")" ] \
    || { echo "[run-in-vm] --module $MODULE was built for '${vm:-?}', the guest runs $(cat "$KDIR/kernel-version")" >&2; exit 2; }
  M=$(mktemp -d)
  (cd "$M" && gzip -dc "$INITRD" | busybox cpio -id 2>/dev/null) && cp "$MODULE" "$M/lib/modules/ublk_drv.ko" \
    && (cd "$M" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1) > "$WORK/initrd-module.gz"
  rc=$?; rm -rf "$M"
  [ "$rc" = 0 ] || { echo "[run-in-vm] could not build an initramfs with $MODULE" >&2; exit 99; }
  INITRD=$WORK/initrd-module.gz
  echo "[run-in-vm] ublk_drv.ko replaced by $MODULE" >&2
fi

{ echo '#!/bin/sh'; printf 'cd %q || exit 98\n' "$PWD"; [ -z "$MODULE" ] || printf 'export UBLK_LAB_MODULE=%q\n' "$MODULE"
  # the model version the guest tests judge against, when not the one of the guest's release (a patched module)
  [ -z "${UBLK_LAB_MODEL_KERNEL:-}" ] || printf 'export UBLK_LAB_MODEL_KERNEL=%q\n' "$UBLK_LAB_MODEL_KERNEL"
  printf '%q ' "$@"; echo; } > "$WORK/guest-run.sh"

boot() {
  rm -f "$WORK/rc"
  # KVM on these hosts is PVM and hangs with a stock kernel: TCG only, always under timeout.
  timeout "$TIMEOUT" qemu-system-x86_64 -accel "tcg,thread=${VM_TCG_THREAD:-single},tb-size=256" -cpu max \
    -m "${VM_MEM:-2G}" -smp "${VM_SMP:-2}" -nographic -no-reboot -nodefaults -serial stdio \
    -kernel "$KDIR/vmlinuz" -initrd "$INITRD" \
    -append "console=ttyS0 quiet panic=-1 ublklab.work=$WORK" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs local,path="$WORK",mount_tag=work,security_model=none,multidevs=remap \
    < /dev/null 2>&1 | tee "$WORK/console.log" | sed -u 's/\x1b\[[0-9;?]*[a-zA-Z]//g; s/\x1bc//g'
  if [ ! -f "$WORK/rc" ]; then echo "[run-in-vm] no exit code from the guest (boot failure, panic or timeout)" >&2; return 99; fi
  return "$(cat "$WORK/rc")"
}

crashed_jvm() {
  [ "$1" = 134 ] || grep -aq 'A fatal error has been detected by the Java Runtime' "$WORK/console.log"
}

booted() {
  grep -aq '\[guest\] [0-9.]*s ready: ' "$WORK/console.log"
}

start=$(date +%s%N)
boot; rc=$?
for attempt in 2 3; do
  [ "$rc" = 99 ] && ! booted && grep -aqE 'Kernel panic|Oops' "$WORK/console.log" || break
  echo "[run-in-vm] the guest died before its init was ready (boot attempt $((attempt - 1))): environment failure, booting again" >&2
  mkdir -p "$WORK/crash" && cp "$WORK/console.log" "$WORK/crash/boot-$((attempt - 1)).log"
  boot; rc=$?
done
if [ "$rc" != 0 ] && crashed_jvm "$rc"; then
  echo "[run-in-vm] JVM crash in the guest (exit $rc): environment failure, retrying once" >&2
  mkdir -p "$WORK/crash" && cp "$WORK/console.log" "$WORK/crash/console-1.log"
  find "$PWD" "$WORK" -maxdepth 1 -name 'hs_err_pid*.log' -exec mv {} "$WORK/crash/" \; 2>/dev/null
  boot; rc=$?
fi
ms=$(( ($(date +%s%N) - start) / 1000000 ))
printf '[run-in-vm] kernel %s exit %s, %d.%03d s wall\n' "$(cat "$KDIR/kernel-version")" "$rc" $((ms / 1000)) $((ms % 1000)) >&2
exit "$rc"
