"""A tiny async job runner: asyncio.run, gather, tasks, queues, timeouts."""
import asyncio


async def fetch(name, delay_ticks, results):
    for _ in range(delay_ticks):
        await asyncio.sleep(0)
    results.append(name)
    return f"{name}:{delay_ticks}"


async def failing(n):
    await asyncio.sleep(0)
    raise ValueError(f"job {n} failed")


async def worker(wid, queue, done):
    while True:
        item = await queue.get()
        if item is None:
            queue.task_done()
            break
        await asyncio.sleep(0)
        done.append((wid, item, item * item))
        queue.task_done()


async def slow():
    await asyncio.sleep(10)
    return "never"


async def main():
    order = []
    values = await asyncio.gather(
        fetch("c", 3, order), fetch("a", 1, order), fetch("b", 2, order)
    )
    print("gather values:", values)
    print("completion order:", order)

    outcomes = await asyncio.gather(failing(1), fetch("ok", 0, []), return_exceptions=True)
    print("with exceptions:", [repr(o) for o in outcomes])

    try:
        await asyncio.gather(fetch("x", 1, []), failing(2))
    except ValueError as e:
        print("gather raised:", e)

    queue = asyncio.Queue()
    done = []
    workers = [asyncio.create_task(worker(i, queue, done)) for i in range(3)]
    for n in range(1, 10):
        queue.put_nowait(n)
    for _ in workers:
        queue.put_nowait(None)
    await queue.join()
    await asyncio.gather(*workers)
    print("processed:", sorted(x[1] for x in done), "sum sq:", sum(x[2] for x in done))

    try:
        await asyncio.wait_for(slow(), timeout=0.01)
    except asyncio.TimeoutError:
        print("timed out")

    task = asyncio.create_task(slow())
    await asyncio.sleep(0)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        print("cancelled:", task.cancelled())

    lock = asyncio.Lock()
    shared = {"n": 0}

    async def bump():
        for _ in range(5):
            async with lock:
                v = shared["n"]
                await asyncio.sleep(0)
                shared["n"] = v + 1

    await asyncio.gather(*(bump() for _ in range(4)))
    print("locked counter:", shared["n"])

    event = asyncio.Event()

    async def waiter(tag):
        await event.wait()
        return tag.upper()

    waiters = [asyncio.create_task(waiter(t)) for t in "xyz"]
    await asyncio.sleep(0)
    event.set()
    print("event:", await asyncio.gather(*waiters))
    return len(order)


result = asyncio.run(main())
print("main returned:", result)
print("coroutine function?", asyncio.iscoroutinefunction(fetch), asyncio.iscoroutinefunction(print))
