"""Objects and backtracking: a small constraint solver (forward checking, smallest domain first)."""

DEFAULT_N = 11


class Variable:
    def __init__(self, name, values):
        self.name = name
        self.domain = list(values)
        self.value = None
        self.constraints = []

    @property
    def assigned(self):
        return self.value is not None


class Constraint:
    """Restricts a set of variables; subclasses say which values remain allowed."""

    def __init__(self, variables):
        self.variables = variables
        for v in variables:
            v.constraints.append(self)

    def others(self, var):
        return [v for v in self.variables if v is not var]

    def allows(self, var, value, other, other_value):
        raise NotImplementedError


class NotEqual(Constraint):
    def allows(self, var, value, other, other_value):
        return value != other_value


class NoQueenAttack(Constraint):
    """Two queens, one per column: different rows and not on a shared diagonal."""

    def __init__(self, a, b, column_gap):
        super().__init__([a, b])
        self.column_gap = column_gap

    def allows(self, var, value, other, other_value):
        if value == other_value:
            return False
        return abs(value - other_value) != self.column_gap


class Solver:
    def __init__(self, variables):
        self.variables = variables
        self.nodes = 0
        self.pruned = 0
        self.first = None  # the first solution found, as {name: value}

    def choose(self):
        best = None
        for v in self.variables:
            if not v.assigned and (best is None or len(v.domain) < len(best.domain)):
                best = v
        return best

    def forward_check(self, var, value):
        """Remove values that conflict with var=value; return the removals to undo, or None."""
        removed = []
        for c in var.constraints:
            for other in c.others(var):
                if other.assigned:
                    continue
                keep = []
                for ov in other.domain:
                    if c.allows(var, value, other, ov):
                        keep.append(ov)
                    else:
                        removed.append((other, ov))
                other.domain = keep
                if not keep:
                    self.restore(removed)
                    return None
        self.pruned += len(removed)
        return removed

    def restore(self, removed):
        for other, ov in reversed(removed):
            other.domain.append(ov)

    def solutions(self, limit):
        """Count solutions (at most `limit`); the first one found is kept."""
        return self.search(limit)

    def search(self, limit):
        var = self.choose()
        if var is None:
            if self.first is None:
                self.first = {v.name: v.value for v in self.variables}
            return 1
        found = 0
        for value in sorted(var.domain):
            self.nodes += 1
            removed = self.forward_check(var, value)
            if removed is None:
                continue
            var.value = value
            saved = var.domain
            var.domain = [value]
            found += self.search(limit - found)
            var.domain = saved
            var.value = None
            self.restore(removed)
            if found >= limit:
                break
        return found


def queens(size):
    cols = [Variable("q%d" % c, range(size)) for c in range(size)]
    for i in range(size):
        for j in range(i + 1, size):
            NoQueenAttack(cols[i], cols[j], j - i)
    return Solver(cols)


def coloring(nodes, colors, seed):
    """A random graph of given size: a ring plus chords chosen by an LCG."""
    vs = [Variable("v%d" % i, range(colors)) for i in range(nodes)]
    edges = set()
    for i in range(nodes):
        edges.add((i, (i + 1) % nodes))
    x = seed
    while len(edges) < nodes * 2:
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        a = (x >> 4) % nodes
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        b = (x >> 4) % nodes
        if a != b and (b, a) not in edges:
            edges.add((a, b))
    for a, b in sorted(edges):
        NotEqual([vs[a], vs[b]])
    return Solver(vs)


def run(n):
    results = []
    q = queens(n)
    count = q.solutions(10 ** 9)
    first = q.first
    results.append("queens %d %d %d %d %s" % (n, count, q.nodes, q.pruned,
                                             "".join(str(first["q%d" % c]) for c in range(n))))
    for seed in range(4):
        g = coloring(40, 3, seed)
        count = g.solutions(1000)
        results.append("color %d %d %d" % (seed, count, g.nodes))
    return "; ".join(results)
