"""Parses key = value config text."""
from .schema import check


def parse_line(lineno, line):
    key, sep, value = line.partition("=")
    if not sep:
        raise SyntaxError(f"line {lineno}: expected key = value")
    return key.strip(), value.strip()


def load_config(text):
    config = {}
    for lineno, line in enumerate(text.strip().splitlines(), 1):
        key, raw = parse_line(lineno, line)
        config[key] = check(key, raw)
    return config
