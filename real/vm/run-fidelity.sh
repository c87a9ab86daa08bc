#!/bin/bash
# The fixed-seed fidelity campaign of CI on one guest kernel: ublk-lab fidelity from the built
# classes (after `mvn install`; no rebuild), its output in real/target/fidelity-KERNEL.
# usage: real/vm/run-fidelity.sh 6.12|7.3 [N]   (N scenarios, default FIDELITY_SCENARIOS or 100)
# exit: the command's (0: every divergence explained; 1: an unresolved one; 4: the guest failed twice).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JAVA_HOME=${JAVA_HOME_25:-${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}}
K=${1:?usage: run-fidelity.sh 6.12|7.3 [N]}
N=${2:-${FIDELITY_SCENARIOS:-100}}
cd "$ROOT" || exit 2
[ -d cli/target/lib ] || { echo "[run-fidelity] cli/target/lib missing: run mvn install first" >&2; exit 2; }
UBLK_LAB_HOME=$ROOT exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseParallelGC \
  -cp "cli/target/classes:cli/target/lib/*" dev.ublklab.cli.Main fidelity --kernel "$K" --scenarios "$N" \
  --shrink-rounds "${FIDELITY_SHRINK_ROUNDS:-1}" --out "real/target/fidelity-$K"
