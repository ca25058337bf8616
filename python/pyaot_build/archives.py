"""Wheel and sdist files: reproducible (sorted entries, fixed times), and
written under a temporary name then renamed, so a failed build leaves none."""
import gzip
import io
import os
import stat
import tarfile
import time
import zipfile

from .metadata import record_line

# Zip times start in 1980; SOURCE_DATE_EPOCH, when set, wins.
DEFAULT_EPOCH = 315532800


def build_time():
    return int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH))


class Wheel:
    """Collects files, then writes the wheel with its dist-info and RECORD."""

    def __init__(self, path, dist_info):
        self.path = path
        self.dist_info = dist_info
        self.entries = {}  # archive name -> (bytes, mode)

    def add_bytes(self, name, data, mode=0o644):
        self.entries[name] = (data, mode)

    def add_tree(self, directory):
        """Every file below directory, at its path below it."""
        for parent, _, files in os.walk(directory):
            for file in files:
                path = os.path.join(parent, file)
                with open(path, "rb") as f:
                    data = f.read()
                executable = os.stat(path).st_mode & stat.S_IXUSR
                name = os.path.relpath(path, directory).replace(os.sep, "/")
                self.add_bytes(name, data, 0o755 if executable else 0o644)

    def write(self, metadata_files):
        """metadata_files: {name: text} of the dist-info, RECORD aside."""
        for name, text in metadata_files.items():
            self.add_bytes(f"{self.dist_info}/{name}", text.encode())
        record_name = f"{self.dist_info}/RECORD"
        # The package first, the dist-info last (RECORD at the very end), as
        # tools expect to stream them.
        names = sorted(self.entries, key=lambda n: (n.startswith(self.dist_info + "/"), n))
        record = "".join(record_line(n, self.entries[n][0]) for n in names)
        record += f"{record_name},,\n"
        self.add_bytes(record_name, record.encode())
        timestamp = time.gmtime(max(build_time(), DEFAULT_EPOCH))[:6]
        temporary = self.path + ".part"
        try:
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
                for name in names + [record_name]:
                    data, mode = self.entries[name]
                    info = zipfile.ZipInfo(name, timestamp)
                    info.external_attr = (stat.S_IFREG | mode) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, data)
            os.replace(temporary, self.path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)


def write_sdist(path, top, files, pkg_info):
    """A .tar.gz of `files` ({archive path below top: source path}) and
    PKG-INFO, all under the directory `top`."""
    mtime = build_time()

    def info(name, size, mode):
        entry = tarfile.TarInfo(f"{top}/{name}")
        entry.size, entry.mode, entry.mtime = size, mode, mtime
        entry.uid = entry.gid = 0
        entry.uname = entry.gname = ""
        return entry

    temporary = path + ".part"
    try:
        with open(temporary, "wb") as raw, \
                gzip.GzipFile(fileobj=raw, mode="wb", mtime=mtime, filename="") as zipped, \
                tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as tar:
            data = pkg_info.encode()
            tar.addfile(info("PKG-INFO", len(data), 0o644), io.BytesIO(data))
            for name in sorted(files):
                with open(files[name], "rb") as f:
                    data = f.read()
                executable = os.stat(files[name]).st_mode & stat.S_IXUSR
                tar.addfile(info(name, len(data), 0o755 if executable else 0o644),
                            io.BytesIO(data))
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
