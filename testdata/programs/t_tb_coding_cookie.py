# -*- coding: latin-1 -*-
"""A source in Latin-1 (its coding cookie says so) ending in an uncaught
exception whose traceback lines hold non-ASCII text (exit 1)."""


def price(label):
    return {"café": 3}[label]  # ½ price


print("café", price("café"))
print("crème", price("crème"))
