"""Introspection of functions and classes: names, qualnames, docs, defaults, signatures."""
import inspect


def fetch(url, retries=3, *args, timeout=5.0, verify=True, **headers):
    """Fetch a URL with retries."""
    return url


def no_doc(a, /, b, *, c):
    return a


class Service:
    """A service object."""

    version = "1.0"

    def __init__(self, name, port=80):
        self.name = name
        self.port = port

    def start(self, *, dry_run=False):
        """Start the service."""
        return f"starting {self.name}"

    @classmethod
    def from_url(cls, url: str) -> "Service":
        return cls(url)

    @staticmethod
    def helper(x, y=2):
        return x * y

    @property
    def address(self):
        return f"{self.name}:{self.port}"

    class Config:
        def load(self):
            def parse(text):
                return text
            return parse


lam = lambda x, y=1: x + y


def outer():
    def inner(z):
        pass
    return inner


for fn in [fetch, no_doc, Service.start, Service.from_url, Service.helper, lam, outer(), Service.Config.load, Service.Config().load()]:
    print(f"{fn.__name__:<10} qual={fn.__qualname__:<28} mod={fn.__module__} doc={fn.__doc__!r}")
    print(f"{'':<10} sig={inspect.signature(fn)} defaults={fn.__defaults__} kwdefaults={fn.__kwdefaults__}")

print("class:", Service.__name__, Service.__qualname__, Service.__module__, Service.__doc__)
print("nested class:", Service.Config.__qualname__, Service.Config.__module__, Service.Config.__doc__)
print("class signature:", inspect.signature(Service))
print("bound method sig:", inspect.signature(Service("x").start), Service("x").start.__self__.name, Service("x").start.__func__ is Service.start)
sig = inspect.signature(fetch)
for name, p in sig.parameters.items():
    print(f"  {name:<8} kind={p.kind.name:<22} default={p.default!r}")
bound = sig.bind("http://x", 5, "extra", timeout=1, accept="json")
bound.apply_defaults()
print("bound args:", dict(bound.arguments))
print("annotations:", Service.from_url.__annotations__, fetch.__annotations__)
print("isfunction/ismethod:", inspect.isfunction(fetch), inspect.ismethod(Service("x").start), inspect.isclass(Service),
      inspect.isgeneratorfunction(fetch), inspect.iscoroutinefunction(fetch))
members = [n for n, _ in inspect.getmembers(Service) if not n.startswith("__")]
print("members:", members)
print("dir subset:", [n for n in dir(Service("x")) if not n.startswith("_")])
print("vars:", vars(Service("svc", 8080)))
print("type/class:", type(Service("x")).__name__, Service("x").__class__.__qualname__, type(Service).__name__)
print("getattr/hasattr:", getattr(Service, "version"), hasattr(Service, "missing"), getattr(Service, "missing", "dflt"))
print("callable:", callable(Service), callable(Service("x")), callable(Service.address))
print("property:", type(Service.__dict__["address"]).__name__, type(Service.__dict__["helper"]).__name__, type(Service.__dict__["from_url"]).__name__)
print("bases/mro:", Service.__bases__, [c.__name__ for c in Service.__mro__])
print("builtin names:", len.__name__, len.__qualname__, len.__module__, str.upper.__qualname__, int.__module__)
print("module name:", __name__, __doc__)
print("function dict:", sorted(k for k in vars(fetch)))
fetch.cache = {}
print("function attribute:", fetch.cache, sorted(vars(fetch)))
print("fn name changes:", (setattr(lam, "__name__", "renamed"), lam.__name__, lam.__qualname__)[1:])
print("getdoc:", inspect.getdoc(Service.start), inspect.cleandoc("  a\n    b"))
