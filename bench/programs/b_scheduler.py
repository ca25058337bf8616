"""Objects and a heap: a discrete-event simulation of jobs flowing through a small factory."""

import heapq

DEFAULT_N = 80000


class Rng:
    """A 31-bit linear congruential generator (deterministic everywhere)."""

    def __init__(self, seed):
        self.state = seed

    def next_int(self, bound):
        self.state = (self.state * 1103515245 + 12345) & 0x7FFFFFFF
        return (self.state >> 8) % bound

    def between(self, lo, hi):
        return lo + self.next_int(hi - lo + 1)


class Event:
    """Something that happens at `time` (integer ticks); ties break by creation order."""

    def __init__(self, time, seq):
        self.time = time
        self.seq = seq

    def __lt__(self, other):
        if self.time != other.time:
            return self.time < other.time
        return self.seq < other.seq

    def fire(self, sim):
        raise NotImplementedError


class Arrival(Event):
    def __init__(self, time, seq, job):
        super().__init__(time, seq)
        self.job = job

    def fire(self, sim):
        sim.stations[self.job.route[0]].accept(sim, self.job)
        sim.schedule_next_arrival()


class Finish(Event):
    def __init__(self, time, seq, station, job):
        super().__init__(time, seq)
        self.station = station
        self.job = job

    def fire(self, sim):
        self.station.release(sim, self.job)


class Job:
    def __init__(self, ident, route, created, priority):
        self.ident = ident
        self.route = route
        self.step = 0
        self.created = created
        self.priority = priority
        self.waited = 0
        self.queued_at = 0

    @property
    def done(self):
        return self.step >= len(self.route)

    def advance(self):
        self.step += 1


class Station:
    def __init__(self, name, machines, min_work, max_work):
        self.name = name
        self.free = machines
        self.min_work = min_work
        self.max_work = max_work
        self.queue = []
        self.busy_ticks = 0
        self.served = 0
        self.longest_queue = 0

    def accept(self, sim, job):
        job.queued_at = sim.now
        if self.free > 0:
            self.start(sim, job)
        else:
            heapq.heappush(self.queue, (-job.priority, job.ident, job))
            if len(self.queue) > self.longest_queue:
                self.longest_queue = len(self.queue)

    def start(self, sim, job):
        self.free -= 1
        job.waited += sim.now - job.queued_at
        work = sim.rng.between(self.min_work, self.max_work)
        self.busy_ticks += work
        sim.push(Finish(sim.now + work, sim.next_seq(), self, job))

    def release(self, sim, job):
        self.free += 1
        self.served += 1
        job.advance()
        if job.done:
            sim.complete(job)
        else:
            sim.stations[job.route[job.step]].accept(sim, job)
        if self.queue:
            _, _, waiting = heapq.heappop(self.queue)
            self.start(sim, waiting)


class Simulation:
    ROUTES = [["cut", "drill", "paint", "pack"], ["cut", "weld", "paint", "pack"],
              ["drill", "weld", "pack"], ["cut", "pack"]]

    def __init__(self, jobs, seed):
        self.rng = Rng(seed)
        self.now = 0
        self.events = []
        self.seq = 0
        self.jobs_left = jobs
        self.next_ident = 0
        self.stations = {
            "cut": Station("cut", 3, 4, 12),
            "drill": Station("drill", 2, 5, 14),
            "weld": Station("weld", 2, 6, 16),
            "paint": Station("paint", 2, 3, 15),
            "pack": Station("pack", 3, 2, 9),
        }
        self.finished = 0
        self.total_flow = 0
        self.total_wait = 0
        self.max_flow = 0

    def next_seq(self):
        self.seq += 1
        return self.seq

    def push(self, event):
        heapq.heappush(self.events, event)

    def schedule_next_arrival(self):
        if self.jobs_left == 0:
            return
        self.jobs_left -= 1
        route = self.ROUTES[self.rng.next_int(len(self.ROUTES))]
        priority = self.rng.next_int(4)
        when = self.now + self.rng.between(1, 7)
        job = Job(self.next_ident, route, when, priority)
        self.next_ident += 1
        self.push(Arrival(when, self.next_seq(), job))

    def complete(self, job):
        flow = self.now - job.created
        self.finished += 1
        self.total_flow += flow
        self.total_wait += job.waited
        if flow > self.max_flow:
            self.max_flow = flow

    def run(self):
        self.schedule_next_arrival()
        fired = 0
        while self.events:
            event = heapq.heappop(self.events)
            self.now = event.time
            event.fire(self)
            fired += 1
        return fired


def run(n):
    sim = Simulation(n, 2024)
    fired = sim.run()
    parts = ["%d %d %d %d %d" % (fired, sim.now, sim.finished, sim.total_flow, sim.max_flow)]
    for name in sorted(sim.stations):
        st = sim.stations[name]
        parts.append("%s:%d:%d:%d" % (name, st.served, st.busy_ticks, st.longest_queue))
    return " ".join(parts)
