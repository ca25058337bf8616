"""Plain-text rendering."""


def render(title, rows):
    width = max(len(str(k)) for k, _ in rows)
    return "\n".join([title.upper(), "=" * len(title)] + [f"{str(k):<{width}} : {v}" for k, v in rows])
