from dataclasses import dataclass


@dataclass(frozen=True)
class Item:
    name: str
    quantity: int
    unit_price: float

    @property
    def value(self):
        return self.quantity * self.unit_price
