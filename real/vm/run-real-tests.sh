#!/bin/bash
# Runs the real module's tests inside the ublk test VM (where /dev/ublk-control exists) from
# precompiled classes with the JUnit console launcher; no Maven in the guest. Exit code: the
# launcher's (0 = all passed), 97 = the requested kernel could not be obtained (skip), 99 = VM failure.
#
# usage (from the repository root, as root): real/vm/run-real-tests.sh [--no-build] [--suite SUITE] [JUNIT SELECTORS...]
#   --no-build  use real/target as it is (after `mvn -pl real -am install`/`test-compile` ran)
#   --suite trixie-backports   boot the newer kernel (7.x, zero copy) instead of bookworm's 6.12
#   --module KO  the guest loads KO (a ublk_drv.ko built for its kernel) instead of its own
# The reproducers repro/*.c are built here with gcc into real/target/repro (the guest gets binaries).
#   selectors default to --select-package dev.ublklab.real
# Reports: real/target/vm/reports (JUnit XML), traces (JSON Lines, docs/trace-format.md): real/target/vm/traces,
# console: real/target/vm/console.log
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME_25:-/usr/lib/jvm/temurin-25-jdk-amd64}
BUILD=1 SUITE=() MODULE=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-build) BUILD=0; shift;;
    --suite) SUITE=(--suite "$2"); shift 2;;
    --module) MODULE=(--module "$2"); shift 2;;
    *) break;;
  esac
done
SELECT=("$@")
[ ${#SELECT[@]} -gt 0 ] || SELECT=(--select-package dev.ublklab.real)
cd "$ROOT" || exit 99
T=$ROOT/real/target
if [ "$BUILD" = 1 ] || [ ! -f "$T/vm-lib/classpath.txt" ]; then
  # process-test-classes compiles main+test and lays out vm-lib (launcher jar + class path)
  JAVA_HOME=$JAVA_HOME mvn -q -B -pl real -am process-test-classes || { echo "[run-real-tests] build failed" >&2; exit 1; }
fi
mkdir -p "$T/repro"
for c in "$ROOT"/repro/*.c; do
  [ -f "$c" ] || continue
  gcc -Wall -O2 -o "$T/repro/$(basename "$c" .c)" "$c" -lpthread || echo "[run-real-tests] cannot build $c" >&2
done
WORK=$T/vm
rm -rf "$WORK/reports" "$WORK/cache" "$WORK/traces"
mkdir -p "$WORK/reports"
CP="$T/test-classes:$T/classes:$(cat "$T/vm-lib/classpath.txt")"
# A test that hangs fails alone after TEST_TIMEOUT (default 300s, with a thread dump; it runs on a
# thread of its own so that a hung syscall cannot stop the suite); the VM's watchdog is VM_TIMEOUT.
# C1 only: under TCG the JVM is 20x slower, and C2's code patching races QEMU's translation (crashes seen).
exec "$ROOT/real/vm/run-in-vm.sh" "${SUITE[@]}" "${MODULE[@]}" --work "$WORK" --timeout "${VM_TIMEOUT:-900}" -- \
  "$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:ErrorFile="$WORK/hs_err_pid%p.log" -ea \
  --enable-native-access=ALL-UNNAMED -Dublklab.cache="$WORK/cache" -Dublklab.trace.dir="$WORK/traces" \
  -jar "$T/vm-lib/junit-platform-console-standalone.jar" execute --disable-banner --details=tree \
  --class-path "$CP" --reports-dir "$WORK/reports" \
  --config junit.jupiter.execution.timeout.default="${TEST_TIMEOUT:-300s}" \
  --config junit.jupiter.execution.timeout.thread.mode.default=SEPARATE_THREAD \
  --config junit.jupiter.execution.timeout.threaddump.enabled=true "${SELECT[@]}"
