"""itertools recipes applied to a small scheduling problem."""
import itertools as it
import operator

tasks = ["build", "test", "lint", "deploy"]
print("count/islice:", list(it.islice(it.count(10, 5), 4)), list(it.islice(it.cycle("ab"), 5)))
print("repeat:", list(it.repeat("x", 3)), list(map(pow, range(4), it.repeat(2))))
print("accumulate:", list(it.accumulate([3, 1, 4, 1, 5])), list(it.accumulate([3, 1, 4, 1, 5], max)),
      list(it.accumulate([1, 2, 3], operator.mul, initial=10)))
print("chain:", list(it.chain("ab", [1, 2], (None,))), list(it.chain.from_iterable([[1], [2, 3], []])))
print("compress:", list(it.compress(tasks, [1, 0, 1, 0])))
print("dropwhile/takewhile:", list(it.dropwhile(lambda x: x < 3, [1, 2, 5, 1])), list(it.takewhile(lambda x: x < 3, [1, 2, 5, 1])))
print("filterfalse:", list(it.filterfalse(str.isupper, "aBcDe")))
print("starmap:", list(it.starmap(operator.sub, [(5, 2), (10, 7)])))
print("zip_longest:", list(it.zip_longest("abc", [1], fillvalue="-")))
print("pairwise:", list(it.pairwise([1, 4, 9, 16])))
a, b = it.tee(iter(range(4)))
print("tee:", list(a), list(b))

print("product:", ["".join(p) for p in it.product("ab", "xy")], len(list(it.product(range(3), repeat=3))))
print("permutations:", list(it.permutations(tasks[:3], 2)))
print("combinations:", list(it.combinations("abcd", 2)))
print("with replacement:", list(it.combinations_with_replacement("ab", 3)))

logs = [
    ("2024-01-01", "error", "disk"), ("2024-01-01", "warn", "cpu"), ("2024-01-02", "error", "net"),
    ("2024-01-02", "error", "disk"), ("2024-01-03", "info", "boot"),
]
for day, entries in it.groupby(logs, key=operator.itemgetter(0)):
    entries = list(entries)
    print(f"  {day}: {len(entries)} entries, levels={sorted({e[1] for e in entries})}")
by_level = {k: [e[2] for e in g] for k, g in it.groupby(sorted(logs, key=operator.itemgetter(1)), key=operator.itemgetter(1))}
print("by level:", by_level)
print("run-length:", [(k, len(list(g))) for k, g in it.groupby("aaabccdddd")])

durations = {"build": 4, "test": 3, "lint": 1, "deploy": 2}
best = min(it.permutations(tasks), key=lambda order: sum(acc for acc in it.accumulate(durations[t] for t in order)))
print("shortest avg completion order:", best)
slots = list(it.product(["mon", "tue"], ["am", "pm"]))
assignment = dict(zip(tasks, slots))
print("assignment:", assignment)


def batched(iterable, n):
    iterator = iter(iterable)
    while batch := tuple(it.islice(iterator, n)):
        yield batch


print("batched:", list(batched(range(7), 3)))


def sliding(iterable, n):
    iters = it.tee(iterable, n)
    for i, x in enumerate(iters):
        for _ in range(i):
            next(x, None)
    return zip(*iters)


print("sliding:", list(sliding("abcde", 3)))
subsets = [c for r in range(4) for c in it.combinations([1, 2, 3], r)]
print("powerset:", subsets)
print("target sums:", [c for c in it.combinations([3, 5, 7, 9, 11], 3) if sum(c) == 21])
counter = it.count()
labelled = [(next(counter), t) for t in tasks]
print("labelled:", labelled, "next:", next(counter))
print("islice step:", list(it.islice("abcdefgh", 1, None, 3)))
flat = list(it.chain(*[[i] * i for i in range(4)]))
print("flat:", flat, "unique justseen:", [k for k, _ in it.groupby(flat)])
