"""Markdown rendering."""
from ..core import normalize


class Heading:
    def __init__(self, text, level=1):
        self.text = normalize(text)
        self.level = level

    def __str__(self):
        return "#" * self.level + " " + self.text


def render(title, rows):
    lines = [str(Heading(title)), "", "| key | value |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in rows]
    return "\n".join(lines)
