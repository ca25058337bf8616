"""A small inventory service: the example package pyaot compiles."""
from .models.item import Item
from .reports.summary import summarize


def main():
    stock = [Item("widget", 3, 2.50), Item("gadget", 0, 10.00), Item("doohickey", 12, 0.75)]
    for line in summarize(stock):
        print(line)
