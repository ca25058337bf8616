#!/usr/bin/env bash
# Sets up, builds everything and runs the whole test suite.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
trap 'bazel shutdown >/dev/null 2>&1 || true' EXIT
bazel build --config=ci //... || exit 1
log=$(mktemp)
bazel test --config=ci //... 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# Bazel's summary in the plain form CI reads: "N passed, N failed".
passed=$(grep -cE '^//\S+\s+(\(cached\) )?PASSED' "$log")
failed=$(grep -cE '^//\S+\s+(\(cached\) )?(FAILED|TIMEOUT|NO STATUS|INCOMPLETE|FLAKY)' "$log")
rm -f "$log"
# The Bazel rule, from a workspace of its own (a nested Bazel, its own
# output root: bazel/example_test.py).
if /usr/bin/python3.11 bazel/example_test.py; then
  passed=$((passed + 1))
else
  failed=$((failed + 1))
  status=1
fi
echo "tests: $passed passed, $failed failed"
exit "$status"
