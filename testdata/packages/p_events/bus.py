"""In-process event bus."""
from dataclasses import dataclass, field
import itertools

_ids = itertools.count(1)


@dataclass(frozen=True)
class Event:
    kind: str
    payload: dict = field(default_factory=dict, compare=False, hash=False)
    id: int = field(default_factory=lambda: next(_ids))


class Bus:
    def __init__(self):
        self.handlers = {}
        self.delivered = []

    def subscribe(self, kind):
        def register(fn):
            self.handlers.setdefault(kind, []).append(fn)
            return fn
        return register

    def publish(self, event):
        results = []
        for fn in self.handlers.get(event.kind, []) + self.handlers.get("*", []):
            results.append((fn.__qualname__, fn(event)))
        self.delivered.append(event.id)
        return results


BUS = Bus()
