"""Slicing: steps, negative indices, assignment, deletion, custom __getitem__."""

nums = list(range(10))
print(nums[2:5], nums[:3], nums[7:], nums[-3:], nums[:-7], nums[::3], nums[::-1], nums[8:2:-2])
print(nums[-100:100], nums[5:2], nums[::-3], nums[-1:-4:-1], nums[1::4])
text = "abcdefghij"
print(text[::2], text[1::2], text[::-2], text[3:-3], text[-1], text[100:], repr(text[5:5]))
print("tuple slice:", tuple(range(6))[1:4], (1, 2, 3)[::-1], b"bytes"[1:3], bytearray(b"xyz")[::-1])

a = list(range(10))
a[2:5] = ["x", "y"]
print("shrink:", a)
a[1:1] = [100, 200, 300]
print("insert:", a)
a[-2:] = []
print("truncate tail:", a)
a[::2] = ["E"] * len(a[::2])
print("extended assign:", a)
try:
    a[::2] = [1, 2]
except ValueError as e:
    print("ValueError:", e)
del a[::3]
print("del step:", a)
del a[1:3]
print("del range:", a)
b = list(range(8))
b[::-2] = "abcd"
print("reverse step assign:", b)
b[:] = "hello"
print("full replace:", b)

s = slice(1, 8, 3)
print("slice object:", s.start, s.stop, s.step, nums[s], s.indices(5), slice(None, None, -1).indices(4))
s2 = slice(-3, None)
print("named slice:", nums[s2], text[s2])

matrix = [[r * 4 + c for c in range(4)] for r in range(4)]
print("row slice:", matrix[1:3], "column:", [row[2] for row in matrix], "diag:", [matrix[i][i] for i in range(4)])
print("sub-block:", [row[1:3] for row in matrix[1:3]])


class Timeline:
    def __init__(self, events):
        self.events = list(events)

    def __getitem__(self, key):
        if isinstance(key, slice):
            start, stop, step = key.start, key.stop, key.step
            chosen = [e for e in self.events
                      if (start is None or e[0] >= start) and (stop is None or e[0] < stop)]
            return chosen[::step] if step else chosen
        if isinstance(key, tuple):
            return [self[k] for k in key]
        for t, name in self.events:
            if t == key:
                return name
        raise KeyError(key)

    def __setitem__(self, key, value):
        if isinstance(key, slice):
            self.events = [e for e in self.events if not (key.start <= e[0] < key.stop)] + value
            self.events.sort()
        else:
            self.events.append((key, value))
            self.events.sort()

    def __delitem__(self, key):
        print("  delete request:", key)
        if isinstance(key, slice):
            self.events = [e for e in self.events if not (key.start <= e[0] < key.stop)]


tl = Timeline([(1, "boot"), (5, "login"), (9, "work"), (12, "lunch"), (17, "logout")])
print("time slice:", tl[4:13], tl[:10:2], tl[9], tl[1, 17])
tl[10:20] = [(11, "meeting")]
print("after slice set:", tl.events)
del tl[0:6]
print("after slice del:", tl.events)


class Recorder:
    def __getitem__(self, key):
        return key


r = Recorder()
print("raw keys:", r[1:2], r[::], r[:, 1], r[..., 1:2], r[1:2:3, ::-1])
print("string ops:", "racecar" == "racecar"[::-1], "hello world"[::-1].split()[::-1])
lst = [1, 2, 3]
alias = lst
lst[:] = [9]
copy_ = lst[:]
copy_.append(0)
print("slice copy semantics:", alias, lst, copy_)
try:
    nums[1.5]
except TypeError as e:
    print("TypeError:", e)
try:
    nums[20]
except IndexError as e:
    print("IndexError:", e)
mv = memoryview(b"abcdef")
print("memoryview slice:", bytes(mv[1:4]), mv[::2].tobytes(), mv[-1])


class Index:
    def __init__(self, value):
        self.value = value

    def __index__(self):
        print("__index__", self.value)
        return self.value


class Sliced(list):
    def __getitem__(self, key):
        return ("Sliced", key.start, key.stop, key.step)


def two_bound_slices():
    # a[b:c] without a step: exact lists, tuples and strs with None or small
    # int bounds are cut without a slice object; every other case (big
    # bounds, __index__, subclasses, other types, bad bounds) is generic.
    seqs = [list(range(8)), tuple(range(8)), "abcdefgh", "aé€😀xyz", [], (), "", b"bytes", bytearray(b"xyz"), range(10)]
    bounds = [None, 0, 1, 3, -1, -3, 7, 8, 100, -100, 2 ** 70, -(2 ** 70), True]
    out = []
    for seq in seqs:
        cuts = []
        for lo in bounds:
            for hi in bounds:
                cuts.append(seq[lo:hi])
        out.append((type(seq).__name__, cuts[::17], len(cuts)))
    t = (1, 2, 3)
    s = "same"
    out.append((t[:] is t, t[0:3] is t, t[0:] is t, s[:] is s, s[0:100] is s, s[1:1] is s[2:1], [1][:] is not None))
    out.append(([10, 20, 30, 40][Index(1):Index(-1)], "hello"[Index(1):], Sliced([1, 2])[1:2], Sliced()[:]))
    for bad in ("1", 1.5, [1]):
        try:
            [1, 2, 3][bad:]
        except TypeError as error:
            out.append(str(error))
        try:
            "abc"[:bad]
        except TypeError as error:
            out.append(str(error))
    nothing = None
    try:
        nothing[1:2]
    except TypeError as error:
        out.append(str(error))
    try:
        {"a": 1}[1:2]
    except TypeError as error:
        out.append(str(error))
    return out


print(two_bound_slices())


def slice_error_traceback(items, bound):
    import sys
    import traceback
    try:
        return items[1:bound] + items[
            bound:]
    except TypeError:
        traceback.print_exc(file=sys.stdout)


slice_error_traceback([1, 2, 3], "x")
slice_error_traceback("abc", 1.5)


def slices_in_tuples(rec, items):
    # Slices as items of a subscript's tuple (numpy-style keys).
    out = [rec[1:2, ::-1], rec[:, 1], rec[..., :3], rec[::2, 1:, :-1]]
    try:
        out.append(items[1:2, 0])
    except TypeError as error:
        out.append(str(error))
    return out


print(slices_in_tuples(Recorder(), [1, 2, 3]))
