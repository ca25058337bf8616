"""Route planner: BFS, DFS, Dijkstra (heapq), topological sort and union-find."""
import heapq
from collections import deque, defaultdict

ROADS = [
    ("A", "B", 7), ("A", "C", 9), ("A", "F", 14), ("B", "C", 10), ("B", "D", 15),
    ("C", "D", 11), ("C", "F", 2), ("D", "E", 6), ("E", "F", 9), ("G", "H", 1),
]
graph = defaultdict(dict)
for a, b, w in ROADS:
    graph[a][b] = w
    graph[b][a] = w


def bfs(start):
    seen, order, queue = {start}, [], deque([start])
    while queue:
        node = queue.popleft()
        order.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return order


def dfs(start, seen=None):
    seen = seen if seen is not None else []
    seen.append(start)
    for nxt in sorted(graph[start]):
        if nxt not in seen:
            dfs(nxt, seen)
    return seen


def dijkstra(src):
    dist = {src: 0}
    prev = {}
    heap = [(0, src)]
    while heap:
        d, node = heapq.heappop(heap)
        if d > dist.get(node, float("inf")):
            continue
        for nxt, w in graph[node].items():
            nd = d + w
            if nd < dist.get(nxt, float("inf")):
                dist[nxt] = nd
                prev[nxt] = node
                heapq.heappush(heap, (nd, nxt))
    return dist, prev


def path_to(prev, target):
    path = [target]
    while path[-1] in prev:
        path.append(prev[path[-1]])
    return path[::-1]


def toposort(deps):
    indeg = {n: 0 for n in deps}
    for n, ds in deps.items():
        for d in ds:
            indeg.setdefault(d, 0)
            indeg[n] += 1
    rev = defaultdict(list)
    for n, ds in deps.items():
        for d in ds:
            rev[d].append(n)
    ready = sorted(n for n, k in indeg.items() if k == 0)
    out = []
    while ready:
        n = ready.pop(0)
        out.append(n)
        for m in sorted(rev[n]):
            indeg[m] -= 1
            if indeg[m] == 0:
                ready.append(m)
        ready.sort()
    if len(out) != len(indeg):
        raise ValueError(f"cycle among {sorted(set(indeg) - set(out))}")
    return out


class UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[max(ra, rb)] = min(ra, rb)
        return True


print("bfs:", bfs("A"), "dfs:", dfs("A"))
dist, prev = dijkstra("A")
for node in sorted(dist):
    print(f"  A->{node}: {dist[node]:>2} via {'-'.join(path_to(prev, node))}")
print("unreachable:", sorted(set(graph) - set(dist)))
uf = UnionFind()
mst = []
for a, b, w in sorted(ROADS, key=lambda r: (r[2], r[0], r[1])):
    if uf.union(a, b):
        mst.append((a, b, w))
print("mst:", mst, "weight:", sum(w for *_, w in mst))
print("components:", sorted({uf.find(n) for n in graph}))
build = {"app": ["lib", "config"], "lib": ["core"], "config": [], "tests": ["app", "mocks"], "mocks": ["core"]}
print("toposort:", toposort(build))
try:
    toposort({"a": ["b"], "b": ["c"], "c": ["a"], "d": []})
except ValueError as e:
    print("ValueError:", e)
print("heap ops:", heapq.nsmallest(3, [5, 1, 8, 3, 9, 2]), heapq.nlargest(2, ROADS, key=lambda r: r[2]))
h = []
for item in [(3, "c"), (1, "a"), (2, "b"), (1, "aa")]:
    heapq.heappush(h, item)
print("heap order:", [heapq.heappop(h) for _ in range(len(h))], list(heapq.merge([1, 4, 7], [2, 5], [3])))
