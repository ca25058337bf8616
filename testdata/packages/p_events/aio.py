"""Async fan-out of events."""
import asyncio

from .bus import BUS, Event


async def deliver(event, delay):
    for _ in range(delay):
        await asyncio.sleep(0)
    return event.id, BUS.publish(event)


async def fan_out(events):
    results = await asyncio.gather(*(deliver(e, 3 - i % 3) for i, e in enumerate(events)))
    return results


def run(events):
    return asyncio.run(fan_out(events))
