"""Integer permutations on lists: prefix reversals counted over every permutation of 0..n-1."""

DEFAULT_N = 9
NUMERIC = True  # counted in bench/run.py's numeric geometric mean


def count_flips(perm):
    """Reverse the first perm[0]+1 items until perm[0] is 0; return how many reversals."""
    flips = 0
    first = perm[0]
    while first:
        lo = 0
        hi = first
        while lo < hi:
            perm[lo], perm[hi] = perm[hi], perm[lo]
            lo += 1
            hi -= 1
        flips += 1
        first = perm[0]
    return flips


def pancakes(n):
    """Walk all permutations by rotating prefixes (a counter per prefix length)."""
    perm = list(range(n))
    counters = [0] * n
    most = 0
    signed_sum = 0
    index = 0
    level = n
    while True:
        while level > 1:
            counters[level - 1] = level
            level -= 1
        if perm[0]:
            flips = count_flips(perm[:])
            if flips > most:
                most = flips
            signed_sum += flips if index % 2 == 0 else -flips
        index += 1
        # Next permutation: rotate the first `level + 1` items left by one,
        # carrying to the next prefix length when its counter runs out.
        while True:
            if level == n:
                return most, signed_sum, index
            head = perm[0]
            for i in range(level):
                perm[i] = perm[i + 1]
            perm[level] = head
            counters[level] -= 1
            if counters[level] > 0:
                break
            level += 1


def run(n):
    most, signed_sum, count = pancakes(n)
    return "%d %d %d" % (most, signed_sum, count)
