# MemoryError raised in native code and handled there: allocations too big
# for any machine, and containers grown in native loops until a lowered
# address-space limit (RLIMIT_AS, set a little above what the process uses)
# refuses more. Afterwards everything is released and allocation works again.
# What fails is always a large allocation (small objects in the allocator's
# arenas would leave no room for the traceback, in the source too).
import gc
import resource

SOFT, HARD = resource.getrlimit(resource.RLIMIT_AS)


def address_space_in_use():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize")


def under_limit(run, headroom=96 << 20):
    resource.setrlimit(resource.RLIMIT_AS, (address_space_in_use() + headroom, HARD))
    try:
        return run()
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (SOFT, HARD))


def huge(kind):
    try:
        if kind == "bytearray":
            data = bytearray(1 << 40)
        elif kind == "list":
            data = [0] * (1 << 62)
        elif kind == "str":
            data = "x" * (1 << 62)
        elif kind == "bytes join":
            data = b"".join([b"y" * (1 << 30)] * (1 << 12))
        else:
            data = (1 << 62) * (None,)
        return "allocated", len(data)
    except MemoryError as e:
        return kind, type(e).__name__, str(e)


def grow_chunks():
    chunks = []
    try:
        while True:
            chunks.append(bytes(1 << 20))
    except MemoryError:
        grown = len(chunks) > 16
        chunks.clear()
        return "chunks", grown


def grow_dict():
    table = {}
    try:
        for i in range(1 << 40):
            table[i] = bytes(1 << 18)
    except MemoryError:
        count = len(table)
        table = None
        return "dict", count > 100


def grow_string():
    text = ""
    try:
        while True:
            text += "abcdefgh" * (1 << 17)  # 1 MB: few reallocs, which ASan copies
    except MemoryError:
        # (The interpreter has unbound `text` by now; pyaot keeps it.)
        return "string", "caught"


def grow_comprehension():
    try:
        return [bytes(1 << 20) for n in range(1 << 40)]
    except MemoryError:
        return "comprehension", "caught outside"


def grow_in_generator():
    def chunks():
        while True:
            yield bytes(1 << 20)
    kept = []
    try:
        for chunk in chunks():
            kept.append(chunk)
    except MemoryError:
        kept.clear()
        return "generator", "caught"


def uncaught_in_callee():
    data = []
    while True:
        data.append(bytearray(1 << 20))


def caller():
    try:
        uncaught_in_callee()
    except MemoryError as e:
        tb = e.__traceback__
        names = []
        while tb is not None:
            names.append(tb.tb_frame.f_code.co_name)
            tb = tb.tb_next
        return "callee", names


for kind in ("bytearray", "list", "str", "bytes join", "tuple"):
    print(under_limit(lambda: huge(kind)))
for grow in (grow_chunks, grow_dict, grow_string, grow_comprehension,
             grow_in_generator, caller):
    for attempt in range(2):
        print(attempt, under_limit(grow))
        gc.collect()
print("after:", len([bytes(1 << 20) for _ in range(64)]), sum(range(10 ** 5)))
