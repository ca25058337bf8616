"""Keyword-only and positional-only parameters, defaults, and misuse errors."""


def connect(host, port=5432, /, database="main", *, user, password=None, timeout=10):
    return f"{user}@{host}:{port}/{database} timeout={timeout} pw={'set' if password else 'none'}"


def clamp(value, /, lo=0, hi=100):
    return max(lo, min(hi, value))


def make_user(*, name, age=0, tags=()):
    return {"name": name, "age": age, "tags": list(tags)}


def append_default(item, bucket=[]):
    bucket.append(item)
    return bucket


def append_safe(item, bucket=None):
    if bucket is None:
        bucket = []
    bucket.append(item)
    return bucket


class Query:
    def __init__(self, table, /, *columns, where=None, limit=None):
        self.table = table
        self.columns = columns or ("*",)
        self.where = where
        self.limit = limit

    def sql(self):
        s = f"SELECT {', '.join(self.columns)} FROM {self.table}"
        if self.where:
            s += f" WHERE {self.where}"
        if self.limit is not None:
            s += f" LIMIT {self.limit}"
        return s

    @classmethod
    def count(cls, table, /, **filters):
        where = " AND ".join(f"{k} = {v!r}" for k, v in sorted(filters.items()))
        return cls(table, "COUNT(*)", where=where or None)


print(connect("db", user="ann"))
print(connect("db", 6543, "sales", user="bob", password="x", timeout=3))
print(connect("db", database="hr", user="cid"))
print(clamp(150), clamp(-5, -10), clamp(50, hi=20))
print(make_user(name="dora", tags=("admin",)))
print(append_default(1), append_default(2), append_safe(1), append_safe(2))
print(Query("users", "id", "name", where="age > 30", limit=5).sql())
print(Query("orders").sql())
print(Query.count("orders", status="open", region="eu").sql())
print("defaults:", connect.__defaults__, connect.__kwdefaults__)
print("clamp defaults:", clamp.__defaults__, clamp.__kwdefaults__)

bad_calls = [
    ("missing kw-only", lambda: connect("db")),
    ("kw for pos-only", lambda: connect(host="db", user="x")),
    ("too many positional", lambda: connect("db", 1, "x", "extra", user="u")),
    ("unexpected kw", lambda: make_user(name="x", email="y")),
    ("positional to kw-only", lambda: make_user("x")),
    ("pos-only as kw", lambda: clamp(value=3)),
    ("duplicate", lambda: clamp(3, 1, lo=2)),
    ("missing positional", lambda: clamp()),
    ("method pos-only", lambda: Query(table="t")),
    ("kw-only missing 2", lambda: (lambda *, a, b: a + b)()),
    ("zero-arg", lambda: (lambda: 1)(1)),
    ("bad kwargs key", lambda: make_user(**{"name": "n", "1bad": 2})),
    ("non-str key", lambda: make_user(**{1: 2})),
    ("not mapping", lambda: make_user(**[1])),
    ("not iterable", lambda: clamp(*5)),
]
for label, call in bad_calls:
    try:
        call()
    except TypeError as e:
        print(f"{label:>22}: {e}")


def takes_kwargs(a, /, **kw):
    return a, kw


print("pos-only name reusable in kwargs:", takes_kwargs(1, a=2))
