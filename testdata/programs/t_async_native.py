# Async generators, async for, async with and async comprehensions compiled
# natively: asend/athrow/aclose, StopAsyncIteration, error messages, tracebacks.
import asyncio, sys, traceback

class AIter:
    def __init__(self, n): self.n = n; self.i = 0
    def __aiter__(self): return self
    async def __anext__(self):
        await asyncio.sleep(0)
        if self.i >= self.n: raise StopAsyncIteration
        self.i += 1
        return self.i

class ACM:
    def __init__(self, name, swallow=False): self.name = name; self.swallow = swallow
    async def __aenter__(self):
        print("aenter", self.name); await asyncio.sleep(0); return self.name
    async def __aexit__(self, t, v, tb):
        print("aexit", self.name, t.__name__ if t else None); return self.swallow

async def agen(n):
    for i in range(n):
        x = yield i
        if x: print("asend", x)
        await asyncio.sleep(0)
    try:
        yield "last"
    finally:
        print("agen cleanup")

async def consume():
    out = []
    async for v in AIter(3):
        out.append(v)
    else:
        out.append("else")
    async for v in agen(3):
        out.append(v)
        if v == 1: break
    async with ACM("a") as a, ACM("b") as b:
        out.append(a + b)
    async with ACM("s", swallow=True):
        raise KeyError("swallowed")
    try:
        async with ACM("p"):
            raise KeyError("propagates")
    except KeyError as e:
        out.append(repr(e))
    g = agen(2)
    out.append(await g.asend(None))
    out.append(await g.asend("hello"))
    await g.aclose()
    out.append([x async for x in agen(2)])
    return out

async def bad_for():
    async for x in 3:
        pass

async def bad_with():
    async with 3:
        pass

async def returns_in_with():
    async with ACM("r") as r:
        return r

print(asyncio.run(consume()))
for f in (bad_for, bad_with):
    try:
        asyncio.run(f())
    except TypeError:
        traceback.print_exc(file=sys.stdout)
print(asyncio.run(returns_in_with()))

async def failing_anext():
    class Bad:
        def __aiter__(self): return self
        async def __anext__(self): raise ValueError("in anext")
    async for x in Bad():
        pass
try:
    asyncio.run(failing_anext())
except ValueError:
    traceback.print_exc(file=sys.stdout)
