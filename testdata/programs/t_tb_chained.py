"""Cache layer where the error handler itself fails (implicit chaining)."""
import json


class Cache:
    def __init__(self):
        self.store = {"user:1": '{"name": "ann", "age": 31}', "user:2": "{broken"}
        self.misses = []

    def get(self, key):
        return self.store[key]

    def load_user(self, uid):
        key = f"user:{uid}"
        try:
            return json.loads(self.get(key))
        except KeyError:
            self.misses.append(key)
            return self.fallback(uid)

    def fallback(self, uid):
        defaults = {1: "ann", 2: "bob"}
        return {"name": defaults[uid], "age": None}


def report(cache, uids):
    for uid in uids:
        try:
            user = cache.load_user(uid)
        except json.JSONDecodeError as e:
            print(f"user {uid}: corrupt cache entry ({e.msg})")
            continue
        print(f"user {uid}: {user['name']} age={user['age']}")


cache = Cache()
report(cache, [1, 2])
print("misses so far:", cache.misses)
report(cache, [3])
