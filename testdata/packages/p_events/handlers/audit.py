"""Audit trail handler (subscribes to every event)."""
from ..bus import BUS

TRAIL = []


@BUS.subscribe("*")
def record(event):
    TRAIL.append(f"{event.id}:{event.kind}")
    return len(TRAIL)
