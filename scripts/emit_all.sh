#!/usr/bin/env bash
# Writes pyaot's --emit=KIND output for every testdata program and package
# into OUT_DIR, one file each, to compare two builds of pyaot:
#   bash scripts/emit_all.sh PYAOT OUT_DIR [ir|llvm] [extra pyaot flags...]
#   diff -r before/ after/
set -euo pipefail
pyaot=$(realpath "$1"); out=$2; kind=${3:-ir}; shift $(( $# < 3 ? $# : 3 ))
cd "$(dirname "$0")/.."
mkdir -p "$out"
for input in testdata/programs/*.py testdata/packages/*/; do
  name=$(basename "$input" .py)
  "$pyaot" build "$input" --emit "$kind" -o "$out/$name.$kind" "$@" 2>"$out/$name.stderr" ||
    echo "failed: $input (see $out/$name.stderr)" >&2
done
