"""Audit trail handler (subscribes to every event)."""
from ..bus import BUS

TRAIL = []


@BUS.subscribe("*")
def record(event):
    TRAIL.append(f"{event.id}:{event.kind}")
    return len(TRAIL)


def lookups():
    """Imports inside a function: relative, dotted, aliased, and a miss."""
    from . import mail
    from .mail import templates as t
    from ..bus import Bus, BUS as bus
    import p_events.handlers.mail.templates
    import p_events.handlers.mail as m
    out = [mail.__name__, t.__name__, Bus.__name__, bus is BUS, p_events.__name__, m is mail]
    try:
        from .mail import no_such_name
    except ImportError as error:
        out.append((str(error).split(" (")[0], error.name))
    return out
