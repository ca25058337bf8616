"""Money and text helpers."""
from decimal import Decimal, ROUND_HALF_UP

from . import registry

registry.loaded(__name__)


def money(value):
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{amount:,} EUR"


def slug(text):
    return "-".join(part for part in "".join(c.lower() if c.isalnum() else " " for c in text).split())


def describe_module(mod):
    spec = mod.__spec__
    return (f"{mod.__name__}: package={mod.__package__!r} spec.name={spec.name!r} "
            f"spec.parent={spec.parent!r} is_package={hasattr(mod, '__path__')} "
            f"doc={(mod.__doc__ or '').strip().splitlines()[0] if mod.__doc__ else None!r}")
