"""Config loader whose failure propagates through functions, a method and a generator."""


class ConfigError(Exception):
    pass


RAW = """
name = service
workers = 4
timeout = 2.5
retries = three
"""


def parse_value(key, text):
    if text.isdigit():
        return int(text)
    if key in ("retries", "workers"):
        return int(text)
    try:
        return float(text)
    except ValueError:
        return text


def iter_entries(raw):
    for lineno, line in enumerate(raw.strip().splitlines(), 1):
        key, _, value = line.partition("=")
        key = key.strip()
        yield lineno, key, parse_value(key, value.strip())


class Config:
    def __init__(self, raw):
        self.raw = raw
        self.values = {}

    def load(self):
        for lineno, key, value in iter_entries(self.raw):
            print(f"line {lineno}: {key} = {value!r}")
            self.values[key] = value
        return self


def build_service(raw):
    config = Config(raw).load()
    return config.values


def main():
    print("starting")
    ok = build_service("a = 1\nb = x")
    print("first config:", ok)
    return build_service(RAW)


main()
print("not reached")
