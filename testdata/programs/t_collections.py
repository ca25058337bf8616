"""collections: Counter, defaultdict, deque, namedtuple, OrderedDict, ChainMap in a log analyzer."""
from collections import Counter, defaultdict, deque, namedtuple, OrderedDict, ChainMap

LOG = """\
GET /index 200 12
GET /about 200 8
POST /login 302 40
GET /index 200 10
GET /missing 404 3
POST /login 401 35
GET /index 500 90
GET /about 200 7
DELETE /item/3 204 15
"""

Request = namedtuple("Request", ["method", "path", "status", "ms"])
Request.__doc__ = "One parsed access-log line."
reqs = [Request(m, p, int(s), int(ms)) for m, p, s, ms in (line.split() for line in LOG.splitlines())]
print(reqs[0], reqs[0].path, reqs[0][3], reqs[0]._fields, Request.__doc__)
print("_replace/_asdict:", reqs[0]._replace(status=201), reqs[0]._asdict())
print("_make:", Request._make(["PUT", "/x", 200, 1]))
Point3 = namedtuple("Point3", "x y z", defaults=[0])
print("defaults:", Point3(1, 2), Point3._field_defaults)

paths = Counter(r.path for r in reqs)
print("most common:", paths.most_common(2))
statuses = Counter(r.status // 100 * 100 for r in reqs)
print("status classes:", sorted(statuses.items()))
c1 = Counter("abracadabra")
c2 = Counter("alakazam")
print("counter math:", sorted((c1 + c2).items()), sorted((c1 - c2).items()))
print("and/or:", sorted((c1 & c2).items()), sorted((c1 | c2).items()))
print("total/elements:", c1.total(), "".join(sorted(c1.elements())), c1["zzz"])
c1.update({"a": -5})
c1.subtract("bb")
print("after update:", sorted(c1.items()), sorted((+c1).items()))

by_path = defaultdict(list)
latency = defaultdict(int)
for r in reqs:
    by_path[r.path].append(r.status)
    latency[r.method] += r.ms
print("defaultdict list:", dict(by_path))
print("defaultdict int:", dict(latency), latency["PATCH"], "PATCH" in latency)
tree = lambda: defaultdict(tree)
t = tree()
t["a"]["b"]["c"] = 1
t["a"]["x"] = 2
print("autoviv:", {k: {k2: (dict(v2) if isinstance(v2, dict) else v2) for k2, v2 in v.items()} for k, v in t.items()})

window = deque(maxlen=3)
averages = []
for r in reqs:
    window.append(r.ms)
    averages.append(round(sum(window) / len(window), 1))
print("moving avg:", averages, "window:", window)
d = deque([1, 2, 3])
d.appendleft(0)
d.extend([4, 5])
d.extendleft([-1, -2])
d.rotate(2)
print("deque:", list(d))
left, right = d.popleft(), d.pop()
print("popped:", left, right, "now:", d, d[2], len(d))
d.rotate(-3)
print("rotated:", list(d), d.count(2), d.index(0))

lru = OrderedDict()
for key in ["a", "b", "c", "a", "d", "b", "e"]:
    if key in lru:
        lru.move_to_end(key)
    lru[key] = key.upper()
    if len(lru) > 3:
        evicted = lru.popitem(last=False)
        print("  evict", evicted)
print("ordered:", list(lru.items()))
lru.move_to_end("e", last=False)
print("moved first:", list(lru), OrderedDict(a=1, b=2) == OrderedDict(b=2, a=1), OrderedDict(a=1, b=2) == dict(b=2, a=1))

defaults = {"color": "blue", "size": "M", "debug": False}
env = {"size": "L"}
cli = {"debug": True}
config = ChainMap(cli, env, defaults)
print("chainmap:", config["color"], config["size"], config["debug"], sorted(config))
child = config.new_child({"color": "red"})
print("child:", child["color"], config["color"], len(child.maps))
print("repr counter:", Counter({"x": 2, "y": 1}), "repr defaultdict:", defaultdict(int, {"k": 1}))
