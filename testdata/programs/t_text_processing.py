"""Text processing with re: log parsing, templating, tokenizing, word stats."""
import re
from collections import Counter

LOG = """\
2024-03-01 12:00:01 INFO  [auth] user=ann ip=10.0.0.1 action=login ok
2024-03-01 12:00:07 WARN  [auth] user=bob ip=10.0.0.2 action=login failed attempts=3
2024-03-01 12:01:15 ERROR [db] query took 1532ms table=orders
2024-03-01 12:02:00 INFO  [api] GET /v1/items?id=42 200 12ms
2024-03-02 08:15:30 ERROR [api] POST /v1/orders 500 87ms
2024-03-02 08:16:00 INFO  [auth] user=ann ip=10.0.0.9 action=logout ok
"""

LINE_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2}) (?P<time>[\d:]{8}) (?P<level>[A-Z]+)\s+\[(?P<mod>\w+)\] (?P<msg>.*)$",
    re.MULTILINE,
)
entries = [m.groupdict() for m in LINE_RE.finditer(LOG)]
print("parsed:", len(entries), entries[0])
print("levels:", Counter(e["level"] for e in entries).most_common())
kv = [dict(re.findall(r"(\w+)=(\S+)", e["msg"])) for e in entries]
print("key/values:", [d for d in kv if d])
durations = [int(x) for x in re.findall(r"(\d+)ms\b", LOG)]
print("durations:", durations, "max:", max(durations))
http = re.compile(r"(GET|POST|PUT|DELETE) (\S+) (\d{3})")
for m in http.finditer(LOG):
    print(f"  {m.group(1):<6} {m.group(2):<16} status={m.group(3)} span={m.span()}")
ips = sorted(set(re.findall(r"\b(?:\d{1,3}\.){3}\d{1,3}\b", LOG)))
print("ips:", ips)
print("per day:", dict(Counter(re.findall(r"^(\d{4}-\d{2}-\d{2})", LOG, re.M))))

masked = re.sub(r"user=(\w)\w*", lambda m: f"user={m.group(1)}***", LOG.splitlines()[1])
print("masked:", masked)
print("backrefs:", re.sub(r"(\d{4})-(\d{2})-(\d{2})", r"\3/\2/\1", "on 2024-03-01 and 2025-12-31"))
print("named backref:", re.sub(r"(?P<w>\w+) (?P=w)", r"\g<w>", "the the quick quick brown fox"))
print("subn:", re.subn(r"\s+", " ", "a   b \t c\n\nd"))
print("split:", re.split(r"[;,]\s*", "a, b;c ,d"), re.split(r"(\d)", "x1y2z"), re.split(r"\W+", "Hello, world! Bye.", maxsplit=2))
print("flags:", re.findall(r"^error", "Error\nerror\nERROR", re.I | re.M), bool(re.search(r"a.b", "a\nb", re.S)))
verbose = re.compile(r"""
    (?P<key>[a-z_]+)   # key
    \s*=\s*
    (?P<val>"[^"]*"|\d+)  # quoted string or int
""", re.X)
print("verbose:", [(m["key"], m["val"]) for m in verbose.finditer('name = "pyaot"  port=8080 debug = "yes"')])
print("lookaround:", re.findall(r"(?<=\$)\d+(?:\.\d\d)?", "cost $12.50 or $7, not 9"), re.findall(r"\w+(?=:)", "a: b c: d"))
print("non-greedy:", re.findall(r"<(.+?)>", "<b>bold</b><i>it</i>"), re.findall(r"<(.+)>", "<b>bold</b>"))
m = re.match(r"(\w+)@(\w+)\.(com|org)", "ann@example.org rest")
print("match obj:", m.group(0), m.groups(), m.start(2), m.end(), m.lastindex, m.re.pattern)
print("fullmatch:", bool(re.fullmatch(r"\d+", "123")), bool(re.fullmatch(r"\d+", "123a")), re.match("x", "yx"))
print("escape:", re.escape("1+1=2? (yes)"), re.findall(re.escape("a.b"), "a.b axb"))
try:
    re.compile(r"(unclosed")
except re.error as e:
    print("re.error:", e.msg, "at", e.pos)

TEXT = """It was the best of times, it was the worst of times, it was the age of wisdom,
it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity."""
words = re.findall(r"[a-z']+", TEXT.lower())
freq = Counter(words)
print("words:", len(words), "unique:", len(freq), "top:", freq.most_common(4))
print("longest:", sorted(set(words), key=lambda w: (-len(w), w))[:3])
sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", "Hi there. How are you? Fine! ok")]
print("sentences:", sentences)
camel = ["parseHTTPResponse", "getX", "simpleCase", "already_snake"]
print("snake:", [re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", c).lower() for c in camel])
template = "Hello {{name}}, you have {{ count }} new {{what}}."
values = {"name": "Ann", "count": 3}
print("template:", re.sub(r"\{\{\s*(\w+)\s*\}\}", lambda m: str(values.get(m.group(1), f"<{m.group(1)}?>")), template))
table = "id | name  | score\n1  | ann   | 9.5\n2  | bob   | 7\n"
rows = [[c.strip() for c in line.split("|")] for line in table.strip().splitlines()]
print("table:", [dict(zip(rows[0], r)) for r in rows[1:]])
print("wrapped:", "\n".join(re.findall(r".{1,30}(?:\s+|$)", TEXT.replace("\n", " "))[:3]))
