"""Discrete-event scheduler for a coffee shop simulation (seeded random, heapq, bisect)."""
import bisect
import heapq
import itertools
import random
import statistics

rng = random.Random(1234)
seq = itertools.count()


class Event:
    __slots__ = ("time", "order", "kind", "payload")

    def __init__(self, time, kind, payload):
        self.time = time
        self.order = next(seq)
        self.kind = kind
        self.payload = payload

    def __lt__(self, other):
        return (self.time, self.order) < (other.time, other.order)


class Shop:
    def __init__(self, baristas):
        self.free = baristas
        self.queue = []
        self.events = []
        self.now = 0
        self.waits = []
        self.log = []

    def schedule(self, delay, kind, payload=None):
        heapq.heappush(self.events, Event(self.now + delay, kind, payload))

    def run(self, until):
        while self.events and self.events[0].time <= until:
            ev = heapq.heappop(self.events)
            self.now = ev.time
            getattr(self, "on_" + ev.kind)(ev.payload)
        return self

    def on_arrive(self, customer):
        self.log.append((self.now, "arrive", customer["id"]))
        self.queue.append((self.now, customer))
        self.schedule(rng.randint(1, 4), "arrive", {"id": customer["id"] + 1, "drink": rng.choice(DRINKS)})
        self.try_serve()

    def try_serve(self):
        while self.free and self.queue:
            arrived, customer = self.queue.pop(0)
            self.free -= 1
            self.waits.append(self.now - arrived)
            self.schedule(BREW_TIME[customer["drink"]], "done", customer)

    def on_done(self, customer):
        self.log.append((self.now, "served", customer["id"], customer["drink"]))
        self.free += 1
        self.try_serve()


DRINKS = ["espresso", "latte", "tea", "mocha"]
BREW_TIME = {"espresso": 2, "latte": 4, "tea": 1, "mocha": 5}
shop = Shop(baristas=2)
shop.schedule(0, "arrive", {"id": 1, "drink": "latte"})
shop.run(until=40)
served = [e for e in shop.log if e[1] == "served"]
print("events logged:", len(shop.log), "served:", len(served), "still queued:", len(shop.queue))
for entry in shop.log[:8]:
    print("  ", entry)
print("waits:", shop.waits)
print("mean wait:", round(statistics.mean(shop.waits), 3), "median:", statistics.median(shop.waits), "max:", max(shop.waits))
by_drink = {}
for _, _, _, drink in served:
    by_drink[drink] = by_drink.get(drink, 0) + 1
print("by drink:", dict(sorted(by_drink.items())))

breakpoints = [0, 1, 2, 3]
labels = ["instant", "quick", "ok", "slow", "terrible"]
print("wait grades:", [labels[bisect.bisect_right(breakpoints, w)] for w in shop.waits[8:16]])
sorted_times = []
for t in [7, 3, 9, 1, 5]:
    bisect.insort(sorted_times, t)
print("insort:", sorted_times, "bisect_left(5):", bisect.bisect_left(sorted_times, 5))
r2 = random.Random(42)
print("seeded:", [r2.randint(1, 100) for _ in range(5)], r2.choice("abcdef"), round(r2.random(), 6))
deck = list(range(10))
r2.shuffle(deck)
print("shuffle:", deck, "sample:", r2.sample(range(100), 4), round(r2.uniform(1, 2), 6))
random.seed(7)
print("module-level seeded:", random.randrange(0, 1000, 5), random.getrandbits(16), round(random.gauss(0, 1), 6))
