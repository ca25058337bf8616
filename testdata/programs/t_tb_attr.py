"""Plugin loader where attribute lookup fails deep inside __getattr__ and a property (exit 1)."""


class Settings:
    def __init__(self, values):
        self._values = values

    def __getattr__(self, name):
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(f"setting {name!r} not configured") from None


class Plugin:
    registry = {}

    def __init__(self, name, settings):
        self.name = name
        self.settings = settings
        Plugin.registry[name] = self

    @property
    def endpoint(self):
        return f"{self.settings.scheme}://{self.settings.host}:{self.settings.port}/{self.name}"

    def describe(self):
        return f"{self.name} -> {self.endpoint}"


def start_all(plugins):
    started = []
    for p in plugins:
        started.append(p.describe())
        print("started", started[-1])
    return started


base = Settings({"scheme": "https", "host": "api.local", "port": 443})
partial = Settings({"scheme": "http", "host": "legacy.local"})
ok = [Plugin("search", base), Plugin("billing", base)]
print("registry:", sorted(Plugin.registry))
print("hasattr on missing setting:", hasattr(partial, "port"), getattr(partial, "port", 8080))
try:
    partial.timeout
except AttributeError as e:
    print("AttributeError:", e)
start_all(ok)
start_all([Plugin("reports", partial)])
