#!/usr/bin/env bash
# Regenerates every expected IR file of the text tests (ir/text_test.py)
# after an intended change; review the diff before committing:
#   bash scripts/update_golden.sh
#     ir/testdata/NAME.expected.ir              (pyaot_opt, the passes NAME.ir names)
#     frontend/testdata/lower/NAME.expected.ir  (NAME.py as lowered)
set -euo pipefail
cd "$(dirname "$0")/.."
bazel build --config=local //compiler:pyaot //ir:pyaot_opt
for mode_dir in "passes ir/testdata" "lower frontend/testdata/lower"; do
  # shellcheck disable=SC2086
  python3.11 ir/text_test.py bazel-bin/compiler/pyaot bazel-bin/ir/pyaot_opt $mode_dir --update
done
