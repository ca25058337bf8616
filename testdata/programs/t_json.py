"""JSON round trips for an API payload: custom encoders, object hooks, formatting and errors."""
import json
from dataclasses import dataclass, asdict, field
from decimal import Decimal
from enum import Enum


class Status(Enum):
    ACTIVE = "active"
    SUSPENDED = "suspended"


@dataclass
class Address:
    city: str
    zip: str


@dataclass
class Customer:
    id: int
    name: str
    status: Status
    balance: Decimal
    address: Address
    tags: list = field(default_factory=list)


class ApiEncoder(json.JSONEncoder):
    def default(self, o):
        if isinstance(o, Decimal):
            return {"__decimal__": str(o)}
        if isinstance(o, Enum):
            return {"__enum__": f"{type(o).__name__}.{o.name}"}
        if isinstance(o, (set, frozenset)):
            return sorted(o)
        if hasattr(o, "__dataclass_fields__"):
            return {"__type__": type(o).__name__, **{k: getattr(o, k) for k in o.__dataclass_fields__}}
        return super().default(o)


TYPES = {"Customer": Customer, "Address": Address}


def decode_hook(d):
    if "__decimal__" in d:
        return Decimal(d["__decimal__"])
    if "__enum__" in d:
        cls_name, member = d["__enum__"].split(".")
        return Status[member]
    if "__type__" in d:
        cls = TYPES[d.pop("__type__")]
        return cls(**d)
    return d


customers = [
    Customer(1, "Ann Ågren", Status.ACTIVE, Decimal("120.50"), Address("Oslo", "0150"), ["vip"]),
    Customer(2, 'Bob "the builder"', Status.SUSPENDED, Decimal("-3.10"), Address("Köln", "50667")),
]
payload = {"version": 2, "customers": customers, "regions": {"eu", "nordics"}, "ratio": 0.1, "ok": True, "none": None}
text = json.dumps(payload, cls=ApiEncoder, sort_keys=True)
print("compact length:", len(text))
print(text[:120])
back = json.loads(text, object_hook=decode_hook)
print("round trip equal:", back["customers"] == customers, type(back["customers"][0].balance).__name__, back["customers"][1].status)
print("pretty:")
print(json.dumps({"name": "Ann", "nested": {"list": [1, 2, {"k": None}], "empty": {}}, "t": [True, False]}, indent=2))
print("ensure_ascii off:", json.dumps({"city": "Köln", "emoji": "🐍"}, ensure_ascii=False))
print("ensure_ascii on:", json.dumps({"city": "Köln", "emoji": "🐍"}))
print("separators:", json.dumps([1, {"a": 2}], separators=(",", ":")), json.dumps({"b": 1, "a": 2}, indent="\t").splitlines())
print("floats:", json.dumps([1.0, 1e20, 1e-7, 0.1 + 0.2, float("inf"), -0.0, 10 ** 20]))
print("parse_float:", json.loads("[1.10, 2]", parse_float=Decimal), json.loads("3.0"), json.loads("NaN"))
print("keys coerced:", json.dumps({1: "a", 2.5: "b", True: "c", None: "d"}))
print("tuple becomes list:", json.loads(json.dumps({"t": (1, 2)})), "unicode escapes:", json.loads('"\\u00e9\\ud83d\\udc0d"'))
pairs = json.loads('{"b": 1, "a": 2, "b": 3}', object_pairs_hook=list)
print("pairs hook keeps duplicates:", pairs)
for bad in ['{"a": 1,}', "[1, 2", "{'single': 1}", '{"a": tru}', "", '"\\x"']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(f"JSONDecodeError: {e.msg} (line {e.lineno} col {e.colno} pos {e.pos}) <- {bad!r}")
try:
    json.dumps({"obj": object.__new__(type("Opaque", (), {"__repr__": lambda s: "Opaque()"}))})
except TypeError as e:
    print("TypeError:", e)
try:
    json.dumps(float("nan"), allow_nan=False)
except ValueError as e:
    print("ValueError:", e)
circular = []
circular.append(circular)
try:
    json.dumps(circular)
except ValueError as e:
    print("ValueError:", e)
records = [json.loads(line) for line in '{"id": 1, "v": [1,2]}\n{"id": 2, "v": []}\n'.splitlines()]
print("jsonl:", records, "sum:", sum(len(r["v"]) for r in records))
print("asdict dump:", json.dumps(asdict(Address("Rome", "00100"))))
