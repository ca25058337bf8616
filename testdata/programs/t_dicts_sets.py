"""Dict and set operations for a permissions/tagging service."""

roles = {
    "admin": {"read", "write", "delete", "grant"},
    "editor": {"read", "write"},
    "viewer": {"read"},
    "auditor": {"read", "audit"},
}

print("union:", sorted(roles["editor"] | roles["auditor"]))
print("intersection:", sorted(roles["admin"] & roles["auditor"]))
print("difference:", sorted(roles["admin"] - roles["editor"]))
print("symmetric:", sorted(roles["editor"] ^ roles["auditor"]))
print("subset:", roles["viewer"] <= roles["editor"], roles["viewer"] < roles["viewer"], roles["admin"] > roles["editor"])
print("disjoint:", roles["auditor"].isdisjoint({"write"}), {"a"}.issuperset(set()))
all_perms = set().union(*roles.values())
print("all perms:", sorted(all_perms))
common = set.intersection(*roles.values())
print("common:", common)

s = {3, 1, 2}
s.add(5)
s.update([7, 1], (8,))
s.discard(100)
s.remove(2)
print("int set (ordered by hash):", s, len(s), 7 in s)
try:
    s.remove(100)
except KeyError as e:
    print("KeyError:", e)
popped = {10}.pop()
fs = frozenset({"x", "y"})
print("frozenset key:", {fs: 1}[frozenset(["y", "x"])], popped, hash(fs) == hash(frozenset("yx")))
s2 = s.copy()
s2 -= {1, 3}
s2 |= {100}
s2 &= {5, 7, 100, 200}
print("in-place ops:", sorted(s2), "original untouched:", sorted(s))

users = {}
users["ann"] = "admin"
users["bob"] = "viewer"
users["cid"] = "editor"
users["ann"] = "auditor"
print("insertion order kept on update:", list(users))
del users["bob"]
users["bob"] = "viewer"
print("reinsert goes last:", list(users.items()))
print("get/setdefault:", users.get("zed"), users.get("zed", "none"), users.setdefault("dee", "viewer"), users.setdefault("ann", "x"))
print("pop:", users.pop("dee"), users.pop("missing", "default"))
try:
    users.pop("missing")
except KeyError as e:
    print("KeyError:", e)
print("popitem:", users.popitem(), list(users))
merged = users | {"eve": "admin", "ann": "editor"}
print("merge |:", merged)
users |= {"fay": "viewer"}
print("update |=:", users)
print("keys ops:", sorted(users.keys() & {"ann", "zed"}), sorted(users.keys() - {"ann"}), users.keys() == {"ann", "cid", "fay"})
print("items in:", ("ann", "auditor") in users.items(), "values:", sorted(users.values()))
print("fromkeys:", dict.fromkeys("abc", 0), dict.fromkeys(["x", "y"]))
print("reversed dict:", list(reversed(users)), list(reversed(users.values())))
print("dict eq ignores order:", {"a": 1, "b": 2} == {"b": 2, "a": 1}, {1: "a"} == {1.0: "a"})
print("copy vs alias:", users.copy() is users, dict(users) == users)
keymix = {1: "int", 1.0: "float", True: "bool", "1": "str", (1, 2): "tuple", None: "none"}
print("hash-equal keys collapse:", keymix)

perm_index = {}
for role, perms in sorted(roles.items()):
    for p in sorted(perms):
        perm_index.setdefault(p, []).append(role)
print("inverted index:", perm_index)
print("comprehension filter:", {k: v for k, v in perm_index.items() if len(v) > 1})
d = {"x": 1}
try:
    for k in d:
        d["y"] = 2
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    for item in s:
        s.add(item * 1000)
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    {[1]: 2}
except TypeError as e:
    print("TypeError:", e)
try:
    {{1}}
except TypeError as e:
    print("TypeError:", e)
nested = {"a": {"b": {"c": 42}}}
print("nested get:", nested["a"]["b"]["c"], nested.get("a", {}).get("x", {}).get("c", "n/a"))
print("len/bool:", len({}), bool({}), bool({0: 0}), bool(set()), set() == frozenset())
print("sorted by value desc:", sorted({"a": 3, "b": 1, "c": 2}.items(), key=lambda kv: -kv[1]))
