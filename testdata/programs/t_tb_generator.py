"""ETL pipeline of generators; a bad record escapes through yield from and a with block (exit 1)."""
import contextlib

log = []


@contextlib.contextmanager
def stage(name):
    log.append(f"enter {name}")
    try:
        yield
    finally:
        log.append(f"exit {name}")
        print(f"stage {name} closed; log={log}")


def read_lines(text):
    for n, line in enumerate(text.strip().splitlines(), 1):
        yield n, line


def parse(lines):
    for n, line in lines:
        name, qty, price = line.split(";")
        yield {"line": n, "name": name, "qty": int(qty), "price": float(price)}


def enrich(records):
    for rec in records:
        rec["total"] = rec["qty"] * rec["price"]
        yield rec


def pipeline(text):
    result = yield from enrich(parse(read_lines(text)))
    return result


def load(text):
    totals = []
    with stage("load"):
        for rec in pipeline(text):
            totals.append(round(rec["total"], 2))
            print(f"loaded line {rec['line']}: {rec['name']} = {totals[-1]}")
    return totals


GOOD = """
widget;3;2.50
gadget;1;10.00
"""
BAD = """
bolt;100;0.05
nut;many;0.02
washer;5;0.01
"""
print("batch 1 totals:", load(GOOD))
print("batch 2 totals:", load(BAD))
