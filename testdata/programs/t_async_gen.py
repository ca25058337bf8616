"""Async generators, async with, async for and async comprehensions."""
import asyncio
import contextlib


class Connection:
    opened = []

    def __init__(self, dsn):
        self.dsn = dsn
        self.closed = False

    async def __aenter__(self):
        await asyncio.sleep(0)
        Connection.opened.append(self.dsn)
        print(f"connect {self.dsn}")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        await asyncio.sleep(0)
        self.closed = True
        print(f"disconnect {self.dsn} error={exc_type.__name__ if exc_type else None}")
        return False

    async def rows(self, n):
        for i in range(n):
            await asyncio.sleep(0)
            yield {"id": i, "value": i * 3 % 7}


class Ticker:
    def __init__(self, limit):
        self.limit = limit
        self.i = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.limit:
            raise StopAsyncIteration
        self.i += 1
        await asyncio.sleep(0)
        return self.i


async def countdown(n):
    try:
        while n > 0:
            yield n
            n -= 1
    finally:
        print("countdown cleanup at", n)


async def accumulate():
    total = 0
    while True:
        x = yield total
        total += x


@contextlib.asynccontextmanager
async def transaction(name):
    print(f"begin {name}")
    try:
        yield name.upper()
    except KeyError as e:
        print(f"rollback {name}: {e!r}")
    else:
        print(f"commit {name}")


async def main():
    async with Connection("db://main") as conn:
        async for row in conn.rows(4):
            print("row", row)
        evens = [r["id"] async for r in conn.rows(8) if r["value"] % 2 == 0]
        print("even values at ids:", evens)
        mapping = {r["id"]: r["value"] async for r in conn.rows(5)}
        print("mapping:", mapping)
    print("closed:", conn.closed)

    try:
        async with Connection("db://replica"):
            raise RuntimeError("lost connection")
    except RuntimeError as e:
        print("caught:", e)

    print("ticker:", [t async for t in Ticker(5)])
    squares = [await asyncio.sleep(0, result=t * t) async for t in Ticker(4)]
    print("awaited in comprehension:", squares)

    async with contextlib.aclosing(countdown(5)) as cd:
        async for n in cd:
            if n == 3:
                break
    agen = countdown(3)
    print("first:", await agen.__anext__())
    await agen.aclose()

    acc = accumulate()
    await acc.asend(None)
    for x in (5, 10, 20):
        print("acc", await acc.asend(x))
    await acc.aclose()

    async with transaction("t1") as t:
        print("inside", t)
    async with transaction("t2"):
        {}["missing"]
    print("opened:", Connection.opened)
    gen_expr = (x async for x in Ticker(3))
    print("async genexpr sum:", sum([x async for x in gen_expr]))


asyncio.run(main())
