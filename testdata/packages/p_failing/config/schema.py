"""Schema validation for config values."""


class ConfigError(Exception):
    pass


SCHEMA = {"name": str, "port": int, "workers": int}


def convert(kind, raw):
    return kind(raw)


def check(key, raw):
    kind = SCHEMA[key]
    try:
        return convert(kind, raw)
    except ValueError as e:
        raise ConfigError(f"invalid value for {key!r}: {raw!r}") from e
