#!/bin/bash
# CI entry for the real backend (call it after `mvn -B install` from the repository root, as root):
# runs the real tests in the VM on bookworm's 6.12 kernel, then on each suite in
# UBLK_LAB_VM_EXTRA_SUITES (e.g. "trixie-backports" for 7.x with zero copy; empty by default).
# A kernel that cannot be obtained (exit 97) is reported and skipped; any other non-zero exit fails.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
rc_all=0
for suite in default ${UBLK_LAB_VM_EXTRA_SUITES:-}; do
  args=(--no-build)
  [ "$suite" = default ] || args+=(--suite "$suite")
  echo "[ci-real] real tests in the VM, kernel: $suite"
  "$HERE/run-real-tests.sh" "${args[@]}"
  rc=$?
  case "$rc" in
    0) echo "[ci-real] $suite: passed";;
    97) echo "[ci-real] $suite: kernel packages not obtainable, skipped";;
    *) echo "[ci-real] $suite: FAILED (exit $rc; 99 = VM failure)"; rc_all=$rc;;
  esac
done
exit "$rc_all"
