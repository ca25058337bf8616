"""Dict-heavy records: build, group, aggregate and join lists of dict records."""

DEFAULT_N = 150000

REGIONS = ["north", "south", "east", "west", "central"]
PRODUCTS = ["widget", "gadget", "doohickey", "gizmo", "thingamajig", "whatsit", "sprocket"]


def make_orders(n):
    orders = []
    seed = 42
    for i in range(n):
        seed = (seed * 1664525 + 1013904223) & 0xFFFFFFFF
        orders.append({
            "id": i,
            "customer": "c%d" % (seed % 997),
            "region": REGIONS[seed % len(REGIONS)],
            "product": PRODUCTS[(seed >> 7) % len(PRODUCTS)],
            "qty": 1 + (seed >> 11) % 20,
            "price": 100 + (seed >> 3) % 5000,
            "status": "cancelled" if seed % 23 == 0 else "ok",
        })
    return orders


def group_by(records, key):
    groups = {}
    for r in records:
        k = r[key]
        if k in groups:
            groups[k].append(r)
        else:
            groups[k] = [r]
    return groups


def summarize(records):
    total = 0
    qty = 0
    biggest = None
    for r in records:
        amount = r["qty"] * r["price"]
        total += amount
        qty += r["qty"]
        if biggest is None or amount > biggest["amount"]:
            biggest = {"id": r["id"], "amount": amount}
    return {"count": len(records), "total": total, "qty": qty, "biggest": biggest}


def run(n):
    orders = make_orders(n)
    ok = [o for o in orders if o["status"] == "ok"]
    by_region = group_by(ok, "region")
    report = {}
    for region in sorted(by_region):
        by_product = group_by(by_region[region], "product")
        report[region] = {p: summarize(rs) for p, rs in by_product.items()}
    customers = {}
    for o in ok:
        c = customers.setdefault(o["customer"], {"orders": 0, "spent": 0, "products": set()})
        c["orders"] += 1
        c["spent"] += o["qty"] * o["price"]
        c["products"].add(o["product"])
    top = sorted(customers.items(), key=lambda kv: (-kv[1]["spent"], kv[0]))[:10]
    checksum = 0
    for region in sorted(report):
        for product in sorted(report[region]):
            s = report[region][product]
            checksum = (checksum * 31 + s["total"] + s["qty"] * 7 + s["biggest"]["id"]) % 1000000007
    tops = ",".join("%s:%d:%d" % (k, v["spent"], len(v["products"])) for k, v in top)
    return "%d|%d|%s" % (checksum, len(customers), tops)
