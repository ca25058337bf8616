"""p_events: event bus with handlers registered at import time."""
import importlib
import pickle
import sys

from .bus import BUS, Event
from . import handlers
from .handlers.mail.templates import Template, WELCOME, is_event
import p_events.aio

print("== p_events imported ==")
print("handlers registered:", handlers.REGISTERED, {k: [f.__qualname__ for f in v] for k, v in sorted(BUS.handlers.items())})
for name in ["p_events", "p_events.bus", "p_events.handlers", "p_events.handlers.mail", "p_events.handlers.mail.templates"]:
    m = sys.modules[name]
    print(f"  {m.__name__:<34} pkg={m.__package__:<24} parent={m.__spec__.parent:<24} is_pkg={hasattr(m, '__path__')} doc={m.__doc__!r}")

print("sync publish:", BUS.publish(Event("user.created", {"name": "Ann", "uid": 7})))
print("ignored kind:", BUS.publish(Event("cache.flush")))
events = [Event("user.created", {"name": n, "uid": i}) for i, n in enumerate(["Bob", "Cid", "Dee"], 10)]
results = p_events.aio.run(events)
print("async results:", [(eid, [r for _, r in res]) for eid, res in results])
print("delivery order:", BUS.delivered)
print("outbox:", sys.modules["p_events.handlers.mail.templates"].OUTBOX)
print("audit trail:", handlers.audit.TRAIL)

ev = pickle.loads(pickle.dumps(events[0]))
print("pickled event:", ev, ev == events[0], is_event(ev))
tpl = pickle.loads(pickle.dumps(WELCOME))
print("pickled template:", tpl == WELCOME, type(tpl).__module__, type(tpl).__qualname__, tpl.render(name="X", uid=0))
print("function identity:", pickle.loads(pickle.dumps(handlers.audit.record)) is handlers.audit.record)
print("qualnames:", Event.__qualname__, Event.__module__, BUS.subscribe.__qualname__, handlers.audit.record.__module__)

try:
    importlib.import_module("p_events.handlers.sms")
except ModuleNotFoundError as e:
    print("ModuleNotFoundError:", e, "| name:", e.name)
mod2 = importlib.import_module("..bus", "p_events.handlers")
mod3 = importlib.import_module("...bus", "p_events.handlers.mail")
print("relative import_module with dots:", mod2.__name__, mod3.__name__, mod2 is mod3 is sys.modules["p_events.bus"])
try:
    importlib.import_module("....bus", "p_events.handlers.mail")
except ImportError as e:
    print("ImportError:", e)
try:
    importlib.import_module(".bus")
except TypeError as e:
    print("TypeError:", e)
print("function-level imports:", handlers.audit.lookups())
print("== p_events done ==")
