#!/usr/bin/env bash
# Installs pyaot into a prefix (default /usr/local): the pyaot binary in
# PREFIX/bin, its build backend pyaot_build in PREFIX's Python 3.11 site
# directory (python/pyaot_build/install.py).
#   bash scripts/install.sh [--prefix DIR]
set -euo pipefail
prefix=/usr/local
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix="$2"; shift 2 ;;
    --prefix=*) prefix="${1#--prefix=}"; shift ;;
    *) echo "usage: bash scripts/install.sh [--prefix DIR]" >&2; exit 2 ;;
  esac
done
prefix=$(realpath -m "$prefix")
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bazel build --config=ci //compiler:pyaot
PYTHONPATH=python /usr/bin/python3.11 -m pyaot_build.install \
  --pyaot bazel-bin/compiler/pyaot --prefix "$prefix"
