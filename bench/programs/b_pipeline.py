"""Generator pipeline over objects: parse, enrich, sessionize and summarize a synthetic access log."""

DEFAULT_N = 400000

PATHS = ["/", "/login", "/search", "/item", "/cart", "/checkout", "/help", "/api/v1/stock"]
AGENTS = ["firefox", "chrome", "curl", "bot"]


class Hit:
    __slots__ = ("time", "user", "path", "status", "size", "agent")

    def __init__(self, time, user, path, status, size, agent):
        self.time = time
        self.user = user
        self.path = path
        self.status = status
        self.size = size
        self.agent = agent

    @property
    def is_error(self):
        return self.status >= 500


class Session:
    def __init__(self, user, start):
        self.user = user
        self.start = start
        self.end = start
        self.hits = 0
        self.bytes = 0
        self.bought = False

    def add(self, hit):
        self.end = hit.time
        self.hits += 1
        self.bytes += hit.size
        if hit.path == "/checkout":
            self.bought = True


def log_lines(n, seed):
    """The raw log, as text lines, with a few malformed ones."""
    x = seed
    clock = 0
    for i in range(n):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        clock += x % 5
        if x % 97 == 0:
            yield "garbage line %d" % i
            continue
        status = 200 if x % 11 else (404 if x % 3 else 503)
        yield "%d u%d %s %d %d %s" % (clock, (x >> 6) % 60, PATHS[(x >> 3) % len(PATHS)],
                                     status, (x >> 10) % 9000, AGENTS[(x >> 16) % len(AGENTS)])


def parse(lines, rejects):
    for line in lines:
        fields = line.split()
        if len(fields) != 6 or not fields[0].isdigit():
            rejects.append(line)
            continue
        yield Hit(int(fields[0]), fields[1], fields[2], int(fields[3]), int(fields[4]), fields[5])


def without_bots(hits):
    for hit in hits:
        if hit.agent != "bot":
            yield hit


def expand_api(hits):
    """An API hit stands for several backend calls: yield one hit per call via a sub-generator."""
    for hit in hits:
        if hit.path.startswith("/api/"):
            yield from api_calls(hit)
        else:
            yield hit


def api_calls(hit):
    for part in range(1 + hit.size % 3):
        yield Hit(hit.time, hit.user, "/api/part%d" % part, hit.status, hit.size // 3, hit.agent)


def sessions(hits, idle_limit):
    """Group each user's hits into sessions split by `idle_limit` ticks of silence."""
    open_sessions = {}
    for hit in hits:
        s = open_sessions.get(hit.user)
        if s is not None and hit.time - s.end > idle_limit:
            yield s
            s = None
        if s is None:
            s = open_sessions[hit.user] = Session(hit.user, hit.time)
        s.add(hit)
    for user in sorted(open_sessions):
        yield open_sessions[user]


def running_stats():
    """A coroutine: send() session lengths, receive (count, mean length so far)."""
    count = 0
    total = 0
    result = None
    while True:
        value = yield result
        count += 1
        total += value
        result = (count, total / count)


def errors_by_path(hits, counts):
    for hit in hits:
        if hit.is_error:
            counts[hit.path] = counts.get(hit.path, 0) + 1
        yield hit


def run(n):
    rejects = []
    error_counts = {}
    stats = running_stats()
    next(stats)
    stream = errors_by_path(expand_api(without_bots(parse(log_lines(n, 7), rejects))), error_counts)
    bought = 0
    longest = 0
    total_bytes = 0
    mean = 0.0
    count = 0
    for s in sessions(stream, 150):
        count, mean = stats.send(s.end - s.start)
        total_bytes += s.bytes
        if s.bought:
            bought += 1
        if s.hits > longest:
            longest = s.hits
    stats.close()
    errors = ",".join("%s=%d" % (p, error_counts[p]) for p in sorted(error_counts))
    return "%d %d %d %d %.6f %d %s" % (count, bought, longest, total_bytes, mean, len(rejects),
                                       errors)
