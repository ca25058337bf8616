"""p_textkit: text utilities; formats subpackage is loaded lazily via module __getattr__."""
import importlib
import sys

from .core import tokenize, sentences
from . import core
from .analysis import *
from .analysis.metrics.readability import Report, same_core
import p_textkit.analysis.metrics as metrics

print("== p_textkit imported ==")
print("star import brought:", sorted(n for n in ("word_freq", "readability", "top_words", "_private_helper") if n in globals()))
print("analysis.__all__:", sys.modules["p_textkit.analysis"].__all__)
print("metrics level:", metrics.LEVEL, metrics.__name__, metrics.__package__, metrics.__spec__.parent, hasattr(metrics, "__path__"))
rd = sys.modules["p_textkit.analysis.metrics.readability"]
print("deep module:", rd.__name__, rd.__package__, rd.__spec__.name, rd.__spec__.parent, hasattr(rd, "__path__"), rd.__doc__)
print("core via relative and absolute are the same:", same_core(), core is sys.modules["p_textkit.core"])

_LAZY = {"formats": ".formats"}


def __getattr__(name):
    if name in _LAZY:
        print(f"  (lazy-loading {name})")
        module = importlib.import_module(_LAZY[name], __name__)
        globals()[name] = module
        return module
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


TEXT = """The quick brown fox jumps over the lazy dog. The dog was not amused!
It was, in fact, quite annoyed. Foxes and dogs rarely agree on anything."""

print("sentences:", len(sentences(TEXT)), "tokens:", len(tokenize(TEXT)))
print("top words:", sys.modules["p_textkit.analysis"].top_words(TEXT, 4))
print("readability:", readability(TEXT), Report(TEXT))
print("formats loaded yet:", "p_textkit.formats" in sys.modules)
this = sys.modules[__name__]
fmt = this.formats
print("formats loaded now:", "p_textkit.formats" in sys.modules, fmt.__name__, sorted(fmt.FORMATS))
print("second access is cached:", this.formats is fmt)
rows = [("words", Report(TEXT).words), ("flesch", readability(TEXT))]
print(fmt.FORMATS["md"]("Text  report", rows))
print(fmt.FORMATS["txt"]("Text report", rows))
try:
    this.nonexistent
except AttributeError as e:
    print("AttributeError:", e)

calls_before = core.CALLS["tokenize"]
core_reloaded = importlib.reload(core)
print("reload resets module state:", calls_before > 0, core_reloaded.CALLS, core_reloaded is core)
print("but old function objects survive:", tokenize is core.tokenize, tokenize.__module__, tokenize.__qualname__)
print("Heading:", fmt.markdown.Heading.__qualname__, fmt.markdown.Heading.__module__, str(fmt.markdown.Heading("  Hello   world ", 2)))
import pickle
rep = pickle.loads(pickle.dumps(Report(TEXT)))
print("pickled Report:", rep == Report(TEXT), type(rep).__module__, type(rep).__qualname__)
print("== p_textkit done ==")
