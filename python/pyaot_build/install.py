"""Installs pyaot into a prefix: the binary as PREFIX/bin/pyaot, and this
package (the build backend) with its dist-info in PREFIX's Python 3.11 site
directory. scripts/install.sh builds the binary and runs this:

    python3.11 -m pyaot_build.install --pyaot bazel-bin/compiler/pyaot [--prefix DIR]

The RECORD lists the binary too, so where pip may uninstall (a venv as the
prefix) `pip uninstall pyaot-build` removes both.
"""
import argparse
import glob
import os
import shutil
import sys
import sysconfig

import pyaot_build
from pyaot_build.metadata import record_line

DISTRIBUTION = "pyaot_build"


def site_directory(prefix):
    """Debian's site directory under the prefix when Python reads it
    (/usr/local/lib/python3.11/dist-packages), else the standard one
    (PREFIX/lib/python3.11/site-packages, as in a venv)."""
    version = sysconfig.get_python_version()
    debian = os.path.join(prefix, "lib", f"python{version}", "dist-packages")
    if debian in sys.path:
        return debian
    return sysconfig.get_path("purelib", "posix_prefix", vars={"base": prefix, "platbase": prefix})


def install(pyaot, prefix):
    prefix = os.path.abspath(prefix)
    site = site_directory(prefix)
    bin_dir = os.path.join(prefix, "bin")
    package_dir = os.path.join(site, "pyaot_build")
    dist_info = os.path.join(site, f"{DISTRIBUTION}-{pyaot_build.__version__}.dist-info")
    for old in [package_dir] + glob.glob(os.path.join(site, f"{DISTRIBUTION}-*.dist-info")):
        shutil.rmtree(old, ignore_errors=True)
    for directory in (bin_dir, package_dir, dist_info):
        os.makedirs(directory, exist_ok=True)

    installed = []
    binary = os.path.join(bin_dir, "pyaot")
    shutil.copyfile(pyaot, binary + ".part")  # renamed over a pyaot that may be running
    os.chmod(binary + ".part", 0o755)
    os.replace(binary + ".part", binary)
    installed.append(binary)
    source_dir = os.path.dirname(os.path.abspath(pyaot_build.__file__))
    for name in sorted(os.listdir(source_dir)):
        if name.endswith(".py"):
            shutil.copyfile(os.path.join(source_dir, name), os.path.join(package_dir, name))
            installed.append(os.path.join(package_dir, name))
    texts = {"METADATA": f"Metadata-Version: 2.1\nName: pyaot-build\n"
                         f"Version: {pyaot_build.__version__}\n"
                         "Summary: pyaot's PEP 517 build backend and setuptools step\n",
             "INSTALLER": "pyaot_build.install\n"}
    for name, text in texts.items():
        path = os.path.join(dist_info, name)
        with open(path, "w") as f:
            f.write(text)
        installed.append(path)
    record = ""
    for path in installed:
        with open(path, "rb") as f:
            record += record_line(os.path.relpath(path, site), f.read())
    record += os.path.relpath(os.path.join(dist_info, "RECORD"), site) + ",,\n"
    with open(os.path.join(dist_info, "RECORD"), "w") as f:
        f.write(record)
    return binary, site


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pyaot", required=True, help="the pyaot binary to install")
    parser.add_argument("--prefix", default="/usr/local", help="default: /usr/local")
    args = parser.parse_args()
    binary, site = install(args.pyaot, args.prefix)
    print(f"installed {binary}\ninstalled pyaot_build {pyaot_build.__version__} in {site}")
    if site not in sys.path:
        print(f"note: this Python does not read {site}; add it to PYTHONPATH")
    if shutil.which("pyaot") != binary:
        print(f"note: {os.path.dirname(binary)} is not first on PATH for pyaot")


if __name__ == "__main__":
    main()
