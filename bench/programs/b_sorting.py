"""Mixed: sorting records with key functions, multi-key sorts, a hand-written merge sort."""

from functools import cmp_to_key

DEFAULT_N = 50000


class Person:
    def __init__(self, name, age, city, score):
        self.name = name
        self.age = age
        self.city = city
        self.score = score

    @property
    def key(self):
        return (self.city, -self.score, self.name)


def make_people(n):
    people = []
    seed = 7
    cities = ["oslo", "lima", "kyiv", "rome", "nara", "bern"]
    for i in range(n):
        seed = (seed * 6364136223846793005 + 1442695040888963407) % (1 << 64)
        name = "".join(chr(97 + (seed >> s) % 26) for s in (5, 13, 21, 29, 37))
        people.append(Person(name, 18 + (seed >> 40) % 60, cities[(seed >> 45) % 6],
                             (seed >> 50) % 1000))
    return people


def merge_sort(items, key):
    if len(items) <= 1:
        return items
    mid = len(items) // 2
    left = merge_sort(items[:mid], key)
    right = merge_sort(items[mid:], key)
    out = []
    i = j = 0
    while i < len(left) and j < len(right):
        if key(right[j]) < key(left[i]):
            out.append(right[j])
            j += 1
        else:
            out.append(left[i])
            i += 1
    out.extend(left[i:])
    out.extend(right[j:])
    return out


def compare(a, b):
    if a.age != b.age:
        return a.age - b.age
    if a.name < b.name:
        return -1
    if a.name > b.name:
        return 1
    return 0


def run(n):
    people = make_people(n)
    by_key = sorted(people, key=lambda p: p.key)
    by_age = sorted(people, key=cmp_to_key(compare))
    by_name_len = sorted(people, key=lambda p: (len(set(p.name)), p.name), reverse=True)
    merged = merge_sort(people[: n // 3], lambda p: (p.score, p.name))
    words = sorted((p.name for p in people), key=str.lower)
    checksum = 0
    for lst in (by_key, by_age, by_name_len, merged):
        for idx in range(0, len(lst), 97):
            checksum = (checksum * 31 + lst[idx].score + lst[idx].age * idx) % 1000000007
    return "%d|%s|%s|%s" % (checksum, by_key[0].name, by_age[-1].name, words[n // 2])
