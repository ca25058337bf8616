#!/usr/bin/env bash
# Installs everything pyaot needs on Debian 12, from Debian's archive only.
# Idempotent: installs only the packages that are missing.
set -euo pipefail

packages=(
  bazel-bootstrap                       # Bazel 4.2.3 (WORKSPACE mode, offline)
  llvm-19-dev libclang-19-dev libclang-cpp19-dev clang-19 lld-19
  libclang-rt-19-dev                    # AddressSanitizer runtime for the ASan tests
  libfmt-dev libcli11-dev doctest-dev
  python3 python3.11 python3.11-dev     # headers, libpython for the embedded parser;
                                        # python3 runs the py_test harnesses
  python3.11-dbg                        # debug-ABI interpreter for refcount tests
  libpython3.11-testsuite               # CPython's own regression tests
  python3-pip python3-build python3-venv  # the wheel tests: pip wheel, python -m build, venv,
  python3-setuptools python3-wheel        # the setuptools step, wheel unpack's RECORD check
  make                                  # reads pyaot's --depfile in its test
  chromium chromium-driver python3-selenium  # --annotate's pages in a real browser
  gdb binutils linux-perf               # debug info under gdb, addr2line/objdump, perf
  python3-coverage                      # line coverage of --trace-lines builds
  g++ ca-certificates git                # g++: the C++ toolchain Bazel detects
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update
  $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi
