"""Core metadata (METADATA, PKG-INFO) and entry_points.txt from a
[project] table (PEP 621), and the dist-info files every install has."""
import base64
import hashlib
import os

from .project import BuildError

README_TYPES = {".md": "text/markdown", ".rst": "text/x-rst"}


def core_metadata(project):
    """Metadata-Version 2.1 text, the description last as its body."""
    table, root = project.metadata, project.root
    lines = ["Metadata-Version: 2.1", f"Name: {table['name']}", f"Version: {table['version']}"]

    def add(field, value):
        if value:
            lines.append(f"{field}: {value}")

    add("Summary", table.get("description"))
    add("Keywords", ",".join(table.get("keywords", [])))
    for field, key in (("Author", "authors"), ("Maintainer", "maintainers")):
        people = table.get(key, [])
        add(field, ", ".join(p["name"] for p in people if "name" in p and "email" not in p))
        add(field + "-email", ", ".join(
            f"{p['name']} <{p['email']}>" if "name" in p else p["email"]
            for p in people if "email" in p))
    license_ = table.get("license", {})
    if "file" in license_:
        license_ = {"text": read_text(root, license_["file"])}
    add("License", license_.get("text", "").replace("\n", "\n        "))
    for classifier in table.get("classifiers", []):
        add("Classifier", classifier)
    for label, url in table.get("urls", {}).items():
        add("Project-URL", f"{label}, {url}")
    add("Requires-Python", table.get("requires-python"))
    for requirement in table.get("dependencies", []):
        add("Requires-Dist", requirement)
    for extra, requirements in table.get("optional-dependencies", {}).items():
        add("Provides-Extra", extra)
        for requirement in requirements:
            marker = f'extra == "{extra}"'
            add("Requires-Dist", f"{requirement} and {marker}" if ";" in requirement
                else f"{requirement}; {marker}")
    body = ""
    readme = table.get("readme")
    if isinstance(readme, str):
        readme = {"file": readme}
    if readme:
        content_type = readme.get("content-type") or README_TYPES.get(
            os.path.splitext(readme.get("file", ""))[1], "text/plain")
        add("Description-Content-Type", content_type)
        body = readme["text"] if "text" in readme else read_text(root, readme["file"])
    return "\n".join(lines) + "\n\n" + body


def read_text(root, relative):
    try:
        with open(os.path.join(root, relative), encoding="utf-8") as f:
            return f.read()
    except OSError as error:
        raise BuildError(f"pyproject.toml: [project] names a file it cannot read: {error}")


def entry_points(table):
    """entry_points.txt, or None when [project] declares none."""
    groups = {}
    if table.get("scripts"):
        groups["console_scripts"] = table["scripts"]
    if table.get("gui-scripts"):
        groups["gui_scripts"] = table["gui-scripts"]
    groups.update(table.get("entry-points", {}))
    if not groups:
        return None
    return "\n".join(f"[{group}]\n" + "".join(f"{name} = {target}\n"
                                               for name, target in entries.items())
                     for group, entries in groups.items())


def wheel_file(tag, root_is_purelib, generator):
    return (f"Wheel-Version: 1.0\nGenerator: {generator}\n"
            f"Root-Is-Purelib: {'true' if root_is_purelib else 'false'}\nTag: {tag}\n")


def record_line(path, data):
    """A RECORD row: the path, its sha256 (urlsafe base64, unpadded) and size."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}\n"


def write_metadata_directory(project, directory, files):
    """Writes {name}-{version}.dist-info with `files` ({name: text}) into
    directory, for prepare_metadata_for_build_*; returns its name."""
    dist_info = os.path.join(directory, project.dist_info)
    os.makedirs(dist_info, exist_ok=True)
    for name, text in files.items():
        with open(os.path.join(dist_info, name), "w", encoding="utf-8") as f:
            f.write(text)
    return project.dist_info
