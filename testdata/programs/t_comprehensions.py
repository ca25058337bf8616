"""Report generation over sales data with every comprehension form."""

SALES = [
    ("north", "apples", 12, 0.5),
    ("south", "pears", 7, 0.8),
    ("north", "pears", 3, 0.8),
    ("east", "apples", 20, 0.45),
    ("south", "apples", 5, 0.5),
    ("east", "plums", 9, 1.2),
    ("north", "plums", 0, 1.2),
]

regions = sorted({r for r, *_ in SALES})
products = sorted({p for _, p, _, _ in SALES})
print("regions:", regions, "products:", products)

revenue = {(r, p): round(q * price, 2) for r, p, q, price in SALES if q}
print("revenue:", revenue)

by_region = {r: sum(v for (rr, _), v in revenue.items() if rr == r) for r in regions}
print("by region:", {k: round(v, 2) for k, v in by_region.items()})

matrix = [[next((q for r, p, q, _ in SALES if r == reg and p == prod), "-") for prod in products] for reg in regions]
print("matrix:")
for reg, row in zip(regions, matrix):
    print(f"  {reg:<6}" + "".join(f"{str(c):>7}" for c in row))

transposed = [[row[i] for row in matrix] for i in range(len(products))]
print("transposed:", transposed)
flat = [cell for row in matrix for cell in row if cell != "-"]
print("flat:", flat)

pairs = [(a, b) for a in range(1, 5) for b in range(a, 5) if (a + b) % 2 == 0]
print("pairs:", pairs)

pythag = [(a, b, c) for c in range(1, 30) for b in range(1, c) for a in range(1, b) if a * a + b * b == c * c]
print("pythagorean:", pythag)

total = sum(q for *_, q, _ in SALES)
print("total qty (genexpr):", total, "max:", max((q, p) for _, p, q, _ in SALES))

x = "module-x"
squares = [x * x for x in range(5)]
print("comprehension var does not leak:", x, squares)

funcs = [lambda: n for n in range(3)]
print("comprehension closures:", [f() for f in funcs])

nested_sets = {frozenset(w) for w in ["abc", "cab", "bca", "xy", "yx"]}
print("anagram groups:", sorted(sorted(s) for s in nested_sets))

words = "the quick brown fox jumps over the lazy dog the end".split()
freq = {w: words.count(w) for w in words}
print("freq:", sorted(freq.items(), key=lambda kv: (-kv[1], kv[0]))[:3])
first_letters = {w[0] for w in words}
print("first letters:", sorted(first_letters))
inverted = {}
for w, c in freq.items():
    inverted.setdefault(c, []).append(w)
print("inverted:", {c: sorted(ws) for c, ws in sorted(inverted.items())})

cond = ["even" if i % 2 == 0 else "odd" for i in range(5)]
print("conditional expr:", cond)
walrus = [y for i in range(10) if (y := i * i) % 3 == 1]
print("walrus in comp:", walrus, "y leaked:", y)


class Table:
    scale = 10
    rows = [1, 2, 3]
    scaled = [r * 2 for r in rows]
    try:
        bad = [r * scale for r in rows]
    except NameError as e:
        error = str(e)


print("class scope:", Table.scaled, Table.error)

grid = [[0] * 3 for _ in range(3)]
grid[1][1] = 5
alias = [[0] * 3] * 3
alias[1][1] = 5
print("grid:", grid, "alias:", alias)
gen = (i for i in range(3))
print("gen list:", list(gen), list(gen))
print("dict from zip:", dict(zip(products, range(len(products)))))
print("nested dict comp:", {r: {p: 0 for p in products[:2]} for r in regions[:2]})
