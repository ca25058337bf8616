# Large dict displays: CPython builds them in chunks (BUILD_MAP, MAP_ADD,
# BUILD_CONST_KEY_MAP, DICT_UPDATE), unlike small ones.


def table(scale):
    units = {
        "a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10,
        "k": 11, "l": 12, "m": 13, "n": 14, "o": 15, "p": 16, "q": 17, "r": 18, "s": 19,
        "t": 20, "u": 21, "v": 22, "w": 23, "x": 24, "y": 25, "z": 26, "aa": 27, "bb": 28,
        "cc": 29, "dd": 30, "ee": 31, "ff": 32, "gg": 33, "hh": 34, "ii": 35, "jj": 36,
    }
    scaled = {
        "a": scale, "b": scale * 2, "c": scale * 3, "d": scale * 4, "e": scale * 5,
        "f": scale * 6, "g": scale * 7, "h": scale * 8, "i": scale * 9, "j": scale * 10,
        "k": scale * 11, "l": scale * 12, "m": scale * 13, "n": scale * 14, "o": scale * 15,
        "p": scale * 16, "q": scale * 17, "r": scale * 18, "s": scale * 19, "t": scale * 20,
        "u": scale * 21, "v": scale * 22, "w": scale * 23, "x": scale * 24, "y": scale * 25,
        "z": scale * 26, "aa": scale * 27, "bb": scale * 28, "cc": scale * 29, "dd": scale * 30,
        "ee": scale * 31, "ff": scale * 32, "gg": scale * 33,
    }
    return units, scaled


small, big = table(3)
print(len(small), sum(small.values()), list(small)[-3:])
print(len(big), sum(big.values()), list(big.items())[:3], list(big)[-2:])


def computed(k, extra):
    # Keys not constant, more than 15 entries, a ** in the middle.
    return {
        k + "1": 1, k + "2": 2, k + "3": 3, k + "4": 4, k + "5": 5, k + "6": 6, k + "7": 7,
        k + "8": 8, k + "9": 9, k + "10": 10, k + "11": 11, k + "12": 12, k + "13": 13,
        k + "14": 14, k + "15": 15, k + "16": 16, k + "17": 17, **extra, k: 0, "last": k,
    }


def unhashable(bad):
    return {
        "a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": 7, "h": 8, "i": 9, "j": 10,
        "k": 11, "l": 12, "m": 13, "n": 14, "o": 15, "p": 16, bad: 17, "r": 18,
    }


d = computed("x", {"m": 1})
print(len(d), list(d)[:3], list(d)[-3:], d["x17"])
try:
    unhashable([])
except TypeError as e:
    print("TypeError", e)


# More than 16 entries, the last run with tuple keys: CPython folds those
# keys into one constant tuple (BUILD_CONST_KEY_MAP) after a MAP_ADD chunk.
class Settings:
    table = {
        ("a", 0): [("a", 0)], ("a", 1): [("a", 1)], ("b", 0): [], ("b", 1): [("b", 1)],
        ("c", 0): [("c", 0)], ("c", 1): [("c", 1)], ("d", 0): [], ("d", 1): [("d", 1)],
        ("e", 0): [("e", 0)], ("e", 1): [("e", 1)], ("f", 0): [], ("f", 1): [("f", 1)],
        ("g", 0): [("g", 0)], ("g", 1): [("g", 1)], ("h", 0): [], ("h", 1): [("h", 1)],
        ("i", 0): [("i", 0)], ("i", 1): [("i", 1)], ("j", 0): [], ("j", 1): [("j", 1)],
        (-1, "k"): [1], ("l", 2 ** 3): [2], ("m",): [3],
    }


print(len(Settings.table), list(Settings.table.items())[15:])
unhashable({})
