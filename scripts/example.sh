#!/usr/bin/env bash
# Sets up, builds pyaot, compiles examples/inventory into one .so, and imports
# it from a directory that holds only the .so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
trap 'bazel shutdown >/dev/null 2>&1 || true' EXIT
bazel build --config=ci //compiler:pyaot
out=$(mktemp -d)
bazel-bin/compiler/pyaot build examples/inventory -o "$out/inventory.so" --report "$out/report.json"
cd "$out"
/usr/bin/python3.11 -c '
import inventory
inventory.main()
print("loaded from:", inventory.__file__)
print("loader:", inventory.__loader__)
'
echo "report: $out/report.json"
