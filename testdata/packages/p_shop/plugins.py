"""Plugin module that is reloaded at runtime."""
from . import registry

RUN = registry.loaded(__name__)
ENABLED = ["loyalty", "gift-wrap"] + (["reloaded-extra"] if RUN > 1 else [])


def summary():
    return f"plugins run #{RUN}: {ENABLED}"
