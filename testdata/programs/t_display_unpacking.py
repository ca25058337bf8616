"""Starred items in tuple, list and set displays; ** in dict displays."""


def sequences(a, b):
    t = a, *b
    t2 = (*b,)
    lst = [a, *b, a, *"xy"]
    s = {*b, a}
    return t, t2, lst, sorted(s, key=repr)


def mappings(a, m):
    d = {"k": a, **m, "z": 1}
    d2 = {**m}
    d3 = {a: 1, **m, a: 2, "q": 3, **{"w": 4}}
    return d, d2, d3


class Keys:
    def keys(self):
        return ["x"]

    def __getitem__(self, key):
        return key * 2


def bad_star(v):
    return [1, *v]


def bad_set(v):
    return {1, *v}


def bad_mapping(v):
    return {"a": 1, **v}


def unhashable(v):
    return {*v}


print(sequences(1, [2, 3]), sequences("a", ()), mappings(0, {"m": 5}), mappings("a", Keys()))
for f, arg in ((bad_star, 5), (bad_set, None), (bad_mapping, [1]), (unhashable, [[1]])):
    try:
        f(arg)
    except TypeError as e:
        print("TypeError", e)
bad_mapping(3)
