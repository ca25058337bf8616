"""Output formatters, loaded lazily by p_textkit.__getattr__."""
from . import markdown, plain

FORMATS = {"md": markdown.render, "txt": plain.render}
