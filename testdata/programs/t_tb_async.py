"""Async price aggregator: one feed fails and the error escapes asyncio.run (exit 1)."""
import asyncio


class FeedError(Exception):
    pass


FEEDS = {
    "alpha": [101.5, 102.0, 101.8],
    "beta": [99.9, 100.4],
    "gamma": [100.1, None, 100.3],
}


async def read_feed(name):
    prices = []
    for price in FEEDS[name]:
        await asyncio.sleep(0)
        if price is None:
            raise FeedError(f"feed {name!r} returned a gap at tick {len(prices)}")
        prices.append(price)
    return prices


async def average(name):
    prices = await read_feed(name)
    return name, round(sum(prices) / len(prices), 3)


async def aggregate(names):
    results = await asyncio.gather(*(average(n) for n in names))
    return dict(results)


async def main():
    good = await aggregate(["alpha", "beta"])
    print("good feeds:", good)
    partial = await asyncio.gather(average("gamma"), average("alpha"), return_exceptions=True)
    print("partial:", [r if isinstance(r, tuple) else f"{type(r).__name__}: {r}" for r in partial])
    everything = await aggregate(sorted(FEEDS))
    print("never printed", everything)


asyncio.run(main())
